using System.Globalization;
using System.Text;
using System.Text.Json;
using ActivityService.Core.Events;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Integration.Tests.Events;

/// <summary>One generated lifecycle event of a scenario, before it is put on the wire.</summary>
public sealed record EventSpec(string ExternalId, string Type, int Minute, string? Title, string? User, string? Color, string? Date)
{
    /// <summary>Not an event: an admin's PATCH of the activity, made at <see cref="Minute"/>.</summary>
    public const string ApiEdit = "apiEdit";

    public static readonly DateTimeOffset Start = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Time => Start.AddMinutes(Minute);

    public byte[] Body(string companyId)
    {
        var changes = new Dictionary<string, object?>();
        if (Title is not null)
        {
            changes["title"] = Title;
        }

        if (Color is not null)
        {
            changes["color"] = Color;
        }

        var details = new Dictionary<string, object?> { ["activityId"] = long.Parse(ExternalId, CultureInfo.InvariantCulture) };
        if (User is not null)
        {
            details["resourceId"] = User;
        }

        if (Date is not null)
        {
            details["date"] = Date;
        }

        var message = new Dictionary<string, object?>
        {
            ["companyId"] = companyId,
            ["eventType"] = Type,
            ["time"] = new DateTime(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc).AddMinutes(Minute).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["user"] = "dispatcher",
            ["activityDetails"] = details,
            ["activityChanges"] = changes,
        };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message));
    }
}

/// <summary>A message as the queue holds it: id and sequence number fixed at send time.</summary>
public sealed record Message(string MessageId, long Sequence, EventSpec Event);

/// <summary>
/// Event histories for a few activities (distinct times per activity; a delete, when present, may come
/// at any time, with events after it), and a delivery of them with duplicates and in arbitrary order.
/// </summary>
public sealed record EventScenario(IReadOnlyList<Message> InTimeOrder, IReadOnlyList<Message> Delivered)
{
    private static readonly string[] MiddleTypes =
    [
        "activityUpdated", "activityStarted", "activityCompleted", "activityNotDone", "activityCanceled",
        "activityMoved", "activityDelayed", "activitySuspended", "activityReopened", "activityPreworkCreated",
    ];

    public static Gen<EventScenario> Generator() =>
        from activityCount in Gen.Choose(1, 3)
        from histories in Gen.ListOf(History(), activityCount)
        let ordered = Number(histories.SelectMany((history, index) => history.Select(e => e with { ExternalId = (4400 + index).ToString(CultureInfo.InvariantCulture) })))
        from duplicates in Gen.ListOf(Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false))), ordered.Count)
        from shuffled in Gen.Shuffle(ordered.Where(m => m.Event.Type != EventSpec.ApiEdit)
            .Concat(ordered.Where((m, i) => duplicates[i] && m.Event.Type != EventSpec.ApiEdit)).ToArray())
        select WithEdits(ordered, shuffled);

    /// <summary>
    /// Places the admin edits in the shuffled delivery as they can happen: an edit is made "now", so
    /// edits come in their time order, and no event later than an edit can have arrived before it
    /// (events older than it may arrive before or after). An admin can only edit an activity that has
    /// arrived: an edit with no event of its activity delivered before it is not made in either run.
    /// </summary>
    private static EventScenario WithEdits(IReadOnlyList<Message> ordered, IReadOnlyList<Message> shuffled)
    {
        var delivered = shuffled.ToList();
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        var earliest = 0;
        foreach (var edit in ordered.Where(m => m.Event.Type == EventSpec.ApiEdit))
        {
            var later = delivered.FindIndex(earliest, m => m.Event.Type != EventSpec.ApiEdit && m.Event.Minute > edit.Event.Minute);
            var at = later < 0 ? delivered.Count : later;
            if (!delivered.Take(at).Any(m => m.Event.ExternalId == edit.Event.ExternalId && m.Event.Type != EventSpec.ApiEdit))
            {
                dropped.Add(edit.MessageId);
                continue;
            }

            delivered.Insert(at, edit);
            earliest = at + 1;
        }

        return new EventScenario(ordered.Where(m => !dropped.Contains(m.MessageId)).ToList(), delivered);
    }

    private static Gen<List<EventSpec>> History() =>
        from middleCount in Gen.Choose(1, 5)
        from middle in Gen.ListOf(Event(Gen.Elements(MiddleTypes)), middleCount)
        from created in Gen.Frequency((3, Event(Gen.Constant("activityCreated")).Select(e => (EventSpec?)e)), (1, Gen.Constant<EventSpec?>(null)))
        from deleted in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
        let events = (created is null ? middle : [created, .. middle])
            .Concat(deleted ? [new EventSpec("", "activityDeleted", 0, null, null, null, null)] : [])
            .ToList()
        from minutes in Gen.Shuffle(Enumerable.Range(1, events.Count).ToArray())
        from edits in Gen.ListOf(Event(Gen.Constant(EventSpec.ApiEdit)), 2)
        from editCount in Gen.Choose(0, 2)
        from editMinutes in Gen.ListOf(Gen.Choose(2, events.Count + 1), 2)
        let timed = events.Select((e, i) => e with { Minute = minutes[i] }).ToList()
        select timed
            // Edits fall between events (minute m + 30 s is after every event at m) and after the first one.
            .Concat(edits.Take(editCount).Select((e, i) => e with { Minute = editMinutes[i] }))
            .OrderBy(e => e.Minute)
            .ToList();

    private static Gen<EventSpec> Event(Gen<string> types) =>
        from type in types
        from title in Gen.Elements<string?>(null, "Fix boiler", "Replace pump")
        from user in Gen.Elements<string?>(null, "tech-1", "tech-2")
        from color in Gen.Elements<string?>(null, "red", "blue")
        from date in Gen.Elements<string?>(null, "2026-01-20", "2026-01-21")
        select new EventSpec("", type, 0, title, user, color, date);

    private static List<Message> Number(IEnumerable<EventSpec> events) =>
        events.OrderBy(e => e.Minute).ThenBy(e => e.ExternalId, StringComparer.Ordinal)
            .Select((e, i) => new Message($"msg-{i}", i + 1, e))
            .ToList();

    public override string ToString() =>
        string.Join(" | ", Delivered.Select(m => $"{m.MessageId}:{m.Event.ExternalId}:{m.Event.Type}@{m.Event.Minute}"));
}
