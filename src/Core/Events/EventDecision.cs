using ActivityService.Core.Activities;

namespace ActivityService.Core.Events;

/// <summary>What the store knows about the activity an event names (by external id).</summary>
/// <param name="Current">The live activity, or null if none exists (never seen, or deleted).</param>
/// <param name="Clock">Stamps of the fields events have set on it.</param>
/// <param name="Deleted">An <c>activityDeleted</c> was applied: nothing may bring it back.</param>
/// <param name="Snapshot">For a deleted activity, its content when it was deleted (null if it never existed).</param>
/// <param name="History">Every value the clocked fields have had, so copies can be made as of their event's time.</param>
public sealed record ExternalActivityState(Activity? Current, FieldClock Clock, bool Deleted, ActivityContent? Snapshot = null, FieldHistory? History = null)
{
    public FieldHistory Values => History ?? FieldHistory.Empty;

    /// <summary>The copies and preworks events have made of the activity.</summary>
    public EventCopies CopiesMade { get; init; } = EventCopies.Empty;

    public static ExternalActivityState Unknown { get; } = new(null, FieldClock.Empty, false);
}

/// <summary>
/// The outcome of applying one event, decided without storage: the named activity's new content and
/// clock (null content when unchanged), whether it is deleted, and activities the event creates
/// (suspended and reopened copies, preworks). A <see cref="Rejection"/> means the event is poison.
/// </summary>
public sealed record EventDecision(
    ActivityContent? Main,
    FieldClock Clock,
    bool DeleteMain,
    IReadOnlyList<ActivityContent> NewActivities,
    EventRejection? Rejection = null,
    FieldHistory? History = null,
    EventStamp? Stamp = null)
{
    /// <summary>Existing copies whose content, derived again as of their event's time, is now this.</summary>
    public IReadOnlyList<(string ActivityId, ActivityContent Content)> CopyUpdates { get; init; } = [];

    public static EventDecision Reject(EventRejection rejection) => new(null, FieldClock.Empty, false, [], rejection);

    /// <summary>Recorded in history, nothing else changes (a late event, or one after a delete).</summary>
    public static EventDecision HistoryOnly(FieldClock clock) => new(null, clock, false, []);
}
