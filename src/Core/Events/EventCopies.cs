using System.Collections.Immutable;
using System.Text.Json;

namespace ActivityService.Core.Events;

/// <summary>
/// The copies and preworks events made of one activity, with the stamp of the event that made each.
/// A delete that arrives after a later copy event retracts that copy, because in time order the copy
/// event came after the delete and made nothing (contract §6: nothing is resurrected after a delete).
/// A copy whose event is later than an event that arrives afterwards is derived again, so it stays the
/// copy of the activity as of its own event's time.
/// </summary>
public sealed record EventCopies(ImmutableList<EventCopy> Items)
{
    public static EventCopies Empty { get; } = new(ImmutableList<EventCopy>.Empty);

    public EventCopies With(EventStamp stamp, string activityId, LifecycleEventType type) => new(Items.Add(new EventCopy(stamp, activityId, type)));

    /// <summary>The copies made by events later than <paramref name="stamp"/>.</summary>
    public IEnumerable<EventCopy> After(EventStamp stamp) => Items.Where(item => item.Stamp > stamp);

    public string Serialize() =>
        JsonSerializer.Serialize(Items.Select(item => new object[] { item.Stamp.Time.ToUnixTimeMilliseconds(), item.Stamp.Sequence, item.ActivityId, LifecycleEventTypes.Name(item.Type) }));

    public static EventCopies Deserialize(string? json) =>
        string.IsNullOrEmpty(json)
            ? Empty
            : new(JsonSerializer.Deserialize<JsonElement[][]>(json)!
                .Select(item => new EventCopy(
                    new EventStamp(DateTimeOffset.FromUnixTimeMilliseconds(item[0].GetInt64()), item[1].GetInt64()),
                    item[2].GetString()!,
                    LifecycleEventTypes.TryParse(item[3].GetString()!, out var type) ? type : LifecycleEventType.Suspended))
                .ToImmutableList());
}

/// <summary>One copy or prework: the stamp and type of the event that made it, and its activity id.</summary>
public sealed record EventCopy(EventStamp Stamp, string ActivityId, LifecycleEventType Type);
