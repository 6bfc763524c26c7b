namespace ActivityService.Core.Events;

/// <summary>The twelve lifecycle events of seed 004, by their wire names.</summary>
public enum LifecycleEventType
{
    Created = 0,
    Updated = 1,
    Started = 2,
    Suspended = 3,
    Completed = 4,
    NotDone = 5,
    Canceled = 6,
    Deleted = 7,
    Delayed = 8,
    Reopened = 9,
    PreworkCreated = 10,
    Moved = 11,
}

public static class LifecycleEventTypes
{
    private static readonly Dictionary<string, LifecycleEventType> ByName = new(StringComparer.Ordinal)
    {
        ["activityCreated"] = LifecycleEventType.Created,
        ["activityUpdated"] = LifecycleEventType.Updated,
        ["activityStarted"] = LifecycleEventType.Started,
        ["activitySuspended"] = LifecycleEventType.Suspended,
        ["activityCompleted"] = LifecycleEventType.Completed,
        ["activityNotDone"] = LifecycleEventType.NotDone,
        ["activityCanceled"] = LifecycleEventType.Canceled,
        ["activityDeleted"] = LifecycleEventType.Deleted,
        ["activityDelayed"] = LifecycleEventType.Delayed,
        ["activityReopened"] = LifecycleEventType.Reopened,
        ["activityPreworkCreated"] = LifecycleEventType.PreworkCreated,
        ["activityMoved"] = LifecycleEventType.Moved,
    };

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out LifecycleEventType type) => ByName.TryGetValue(name ?? "", out type);

    public static string Name(LifecycleEventType type) => ByName.First(pair => pair.Value == type).Key;

    /// <summary>The status an event type sets on the activity it names, if any.</summary>
    public static string? StatusOf(LifecycleEventType type) => type switch
    {
        LifecycleEventType.Created => "pending",
        LifecycleEventType.Started => "started",
        LifecycleEventType.Completed => "completed",
        LifecycleEventType.NotDone => "notdone",
        LifecycleEventType.Canceled => "cancelled",
        LifecycleEventType.Suspended => "pending",
        _ => null,
    };
}
