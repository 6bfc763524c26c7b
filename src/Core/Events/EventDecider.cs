using System.Globalization;
using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Events;

/// <summary>
/// Applies one lifecycle event to the state of the activity it names, as a pure function (contract §6,
/// docs/events.md). Every field an event sets is guarded by the <see cref="FieldClock"/>: only a newer
/// event wins, so duplicates and reordering cannot change the outcome of a set of events.
/// </summary>
public static class EventDecider
{
    /// <summary>Activity type of activities that events create, unless an event names one.</summary>
    public const string DefaultActivityType = "FieldService";

    /// <summary>activityChanges / activityDetails keys that set a field of the activity itself; others become properties.</summary>
    private static readonly Dictionary<string, string> KnownFields = new(StringComparer.Ordinal)
    {
        ["resourceId"] = ActivityFields.UserId,
        ["date"] = ActivityFields.ScheduledDate,
        ["apptNumber"] = ActivityFields.ApptNumber,
        ["customerNumber"] = ActivityFields.CustomerNumber,
        ["status"] = ActivityFields.Status,
        ["title"] = ActivityFields.Title,
        ["description"] = ActivityFields.Description,
        ["activityType"] = ActivityFields.ActivityType,
    };

    /// <summary>Clock entry holding the stamp of the delete, so events from before it are told apart.</summary>
    public const string DeletedField = "$deleted";

    private static readonly string[] DetailKeys = ["resourceId", "date", "apptNumber", "customerNumber"];

    public static EventDecision Decide(ExternalActivityState state, LifecycleEvent evt, EventStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(evt);
        if (state.Deleted)
        {
            // The activity stays deleted. An event from before the delete still makes the copies it made
            // when applied in time order, and its values still count for copies as of earlier times;
            // anything later is history only.
            var beforeDelete = state.Clock.Stamps.TryGetValue(DeletedField, out var deletedAt) && stamp < deletedAt;
            if (!beforeDelete)
            {
                return EventDecision.HistoryOnly(state.Clock) with { History = state.Values };
            }

            var snapshot = state.Snapshot ?? Placeholder(evt.ExternalId);
            var remembered = Remember(state.Values, snapshot, Assignments(evt).GroupBy(a => a.Field, StringComparer.Ordinal).Select(g => g.Last()), stamp);
            return new EventDecision(null, state.Clock, DeleteMain: false, NewActivities(evt, AsOf(snapshot, remembered, stamp)), History: remembered, Stamp: stamp)
            {
                CopyUpdates = Rederived(state, snapshot, remembered, stamp, evt.ExternalId),
            };
        }

        if (evt.Type == LifecycleEventType.Deleted)
        {
            return new EventDecision(null, state.Clock.With(DeletedField, stamp), DeleteMain: true, [], History: state.Values, Stamp: stamp);
        }

        // One value per field (changes win over details within an event), checked on their own first,
        // so whether an event is poison never depends on what arrived before it.
        var assignments = Assignments(evt).GroupBy(a => a.Field, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var own = Placeholder(evt.ExternalId);
        foreach (var (field, value) in assignments)
        {
            if (Assign(own, field, value) is not { } assigned)
            {
                return Reject(evt, $"'{field}' has a value of the wrong type ({value.ValueKind}).");
            }

            own = assigned;
        }

        if (Invalid(evt, own, assignments.Select(a => a.Field.Split('.')[0])) is { } ownError)
        {
            return ownError;
        }

        var content = state.Current?.Content ?? Placeholder(evt.ExternalId);
        var history = Remember(state.Values, content, assignments, stamp);
        var clock = state.Clock;
        foreach (var (field, value) in assignments.Where(a => clock.IsNewer(a.Field, stamp)))
        {
            content = Assign(content, field, value)!;
            clock = clock.With(field, stamp);
        }

        if (Invalid(evt, content, null) is { } error)
        {
            return error;
        }

        return new EventDecision(content, clock, DeleteMain: false, NewActivities(evt, AsOf(content, history, stamp)), History: history, Stamp: stamp)
        {
            CopyUpdates = Rederived(state, content, history, stamp, evt.ExternalId),
        };
    }

    /// <summary>Records every value the event sets in the field history, whether or not it wins now.</summary>
    private static FieldHistory Remember(FieldHistory history, ActivityContent before, IEnumerable<(string Field, JsonElement Value)> assignments, EventStamp stamp)
    {
        foreach (var (field, value) in assignments)
        {
            if (Assign(before, field, value) is not null)
            {
                history = history.With(field, stamp, value, ValueOf(before, field));
            }
        }

        return history;
    }

    /// <summary>
    /// The activity as of <paramref name="stamp"/>: each clocked field at its latest value set at or before
    /// it. Fields no event or edit ever set keep their current value.
    /// </summary>
    public static ActivityContent AsOf(ActivityContent content, FieldHistory history, EventStamp stamp)
    {
        ArgumentNullException.ThrowIfNull(history);
        foreach (var (field, value) in history.AsOf(stamp))
        {
            if (value is null && field.StartsWith("properties.", StringComparison.Ordinal))
            {
                var properties = new Dictionary<string, JsonElement>(content.Properties, StringComparer.Ordinal);
                properties.Remove(field["properties.".Length..]);
                content = content with { Properties = properties };
            }
            else if (CanAssign(field) && Assign(content, field, value ?? JsonSerializer.SerializeToElement<string?>(null)) is { } assigned)
            {
                content = assigned;
            }
        }

        return content;
    }

    /// <summary>Whether copies can be rebuilt for this field: the fields events set (API edits may set others).</summary>
    public static bool CanAssign(string field) =>
        field.StartsWith("properties.", StringComparison.Ordinal) || KnownFields.ContainsValue(field);

    /// <summary>The current value of a clocked field, as JSON (JSON null when unset; null for a property that does not exist).</summary>
    public static JsonElement? ValueOf(ActivityContent content, string field)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(field);
        if (field.StartsWith("properties.", StringComparison.Ordinal))
        {
            return content.Properties.TryGetValue(field["properties.".Length..], out var property) ? property : null;
        }

        var text = field switch
        {
            ActivityFields.UserId => content.UserId,
            ActivityFields.ScheduledDate => content.ScheduledDate,
            ActivityFields.ApptNumber => content.ApptNumber,
            ActivityFields.CustomerNumber => content.CustomerNumber,
            ActivityFields.Status => content.Status,
            ActivityFields.Title => content.Title,
            ActivityFields.Description => content.Description,
            ActivityFields.ActivityType => content.ActivityType,
            _ => null,
        };
        return JsonSerializer.SerializeToElement(text);
    }

    /// <summary>
    /// The fields an event sets, in order: details first, then changes (which win within one event),
    /// then the status its type implies.
    /// </summary>
    private static IEnumerable<(string Field, JsonElement Value)> Assignments(LifecycleEvent evt)
    {
        foreach (var key in DetailKeys)
        {
            if (evt.Details.TryGetValue(key, out var value))
            {
                yield return (KnownFields[key], value);
            }
        }

        foreach (var (key, value) in evt.Changes)
        {
            yield return (KnownFields.TryGetValue(key, out var field) ? field : "properties." + key, value);
        }

        if (LifecycleEventTypes.StatusOf(evt.Type) is { } status)
        {
            yield return (ActivityFields.Status, JsonSerializer.SerializeToElement(status));
        }
    }

    /// <summary>A rejection naming the invalid fields (only <paramref name="fields"/> when given), or null.</summary>
    private static EventDecision? Invalid(LifecycleEvent evt, ActivityContent content, IEnumerable<string>? fields)
    {
        var named = fields?.ToHashSet(StringComparer.Ordinal);
        var errors = ActivityValidator.Validate(content).Where(e => named is null || named.Contains(e.Key)).ToList();
        return errors.Count == 0
            ? null
            : Reject(evt, "The event makes the activity invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    private static ActivityContent? Assign(ActivityContent content, string field, JsonElement value)
    {
        if (field.StartsWith("properties.", StringComparison.Ordinal))
        {
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Undefined)
            {
                return null;
            }

            var properties = new Dictionary<string, JsonElement>(content.Properties, StringComparer.Ordinal) { [field["properties.".Length..]] = value.Clone() };
            return content with { Properties = properties };
        }

        string? text;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text = value.GetString()!.Trim();
                break;
            case JsonValueKind.Null:
                text = null;
                break;
            case JsonValueKind.Number when field is ActivityFields.UserId or ActivityFields.ApptNumber or ActivityFields.CustomerNumber:
                text = value.GetRawText();
                break;
            default:
                return null;
        }

        return field switch
        {
            ActivityFields.UserId => content with { UserId = text },
            ActivityFields.ScheduledDate => content with { ScheduledDate = text },
            ActivityFields.ApptNumber => content with { ApptNumber = text },
            ActivityFields.CustomerNumber => content with { CustomerNumber = text },
            ActivityFields.Status => content with { Status = text },
            ActivityFields.Title => content with { Title = text ?? "" },
            ActivityFields.Description => content with { Description = text },
            ActivityFields.ActivityType => content with { ActivityType = text },
            _ => throw new InvalidOperationException($"No assignment for field {field}."),
        };
    }

    /// <summary>The copies and preworks an event creates (seed 004 semantics).</summary>
    private static List<ActivityContent> NewActivities(LifecycleEvent evt, ActivityContent main) =>
        Derive(evt.Type, main, evt.ExternalId) is { } content ? [content] : [];

    /// <summary>
    /// Copies made by events later than this one, derived again from the activity as of their own time
    /// now that this event's values are known (contract §6: a copy reflects the activity as of its event's time).
    /// </summary>
    private static List<(string ActivityId, ActivityContent Content)> Rederived(ExternalActivityState state, ActivityContent main, FieldHistory history, EventStamp stamp, string externalId) =>
        state.CopiesMade.After(stamp)
            .Select(copy => (copy.ActivityId, Derive(copy.Type, AsOf(main, history, copy.Stamp), externalId)!))
            .ToList();

    /// <summary>What a copy event makes of the main activity, or null for events that make nothing.</summary>
    public static ActivityContent? Derive(LifecycleEventType type, ActivityContent main, string externalId) => type switch
    {
        LifecycleEventType.Suspended => Copy(main, externalId, "suspended", "suspended"),
        LifecycleEventType.Reopened => Copy(main, externalId, "pending", "reopened"),
        LifecycleEventType.PreworkCreated => Prework(main, externalId),
        _ => null,
    };

    private static ActivityContent Copy(ActivityContent main, string externalId, string status, string reason) => main with
    {
        Status = status,
        ExternalId = null,
        ReadAt = null,
        SeenAt = null,
        ArchivedAt = null,
        Properties = WithLink(main.Properties, "copy_of_external_id", externalId, "copy_reason", reason),
    };

    private static ActivityContent Prework(ActivityContent main, string externalId) => new()
    {
        Title = Truncate("Prework for " + main.Title, ActivityRules.MaxTitleLength),
        UserId = main.UserId,
        ActivityType = main.ActivityType,
        ScheduledDate = main.ScheduledDate,
        Status = "started",
        Properties = WithLink(ActivityContent.EmptyProperties, "prework_of_external_id", externalId, null, null),
    };

    private static Dictionary<string, JsonElement> WithLink(IReadOnlyDictionary<string, JsonElement> properties, string key, string value, string? key2, string? value2)
    {
        var result = new Dictionary<string, JsonElement>(properties, StringComparer.Ordinal) { [key] = JsonSerializer.SerializeToElement(value) };
        if (key2 is not null)
        {
            result[key2] = JsonSerializer.SerializeToElement(value2);
        }

        return result;
    }

    private static ActivityContent Placeholder(string externalId) => new()
    {
        Title = string.Create(CultureInfo.InvariantCulture, $"Field activity {externalId}"),
        ActivityType = DefaultActivityType,
        ExternalId = externalId,
    };

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static EventDecision Reject(LifecycleEvent evt, string reason) =>
        EventDecision.Reject(new EventRejection(evt.CompanyId, reason));
}
