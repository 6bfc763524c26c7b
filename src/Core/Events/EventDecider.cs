using System.Globalization;
using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Events;

/// <summary>
/// Applies one lifecycle event to the state of the activity it names, as a pure function (spec §6,
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
            // when applied in time order; anything later is history only.
            var beforeDelete = state.Clock.Stamps.TryGetValue(DeletedField, out var deletedAt) && stamp < deletedAt;
            return beforeDelete
                ? new EventDecision(null, state.Clock, DeleteMain: false, NewActivities(evt, state.Snapshot ?? Placeholder(evt.ExternalId)))
                : EventDecision.HistoryOnly(state.Clock);
        }

        if (evt.Type == LifecycleEventType.Deleted)
        {
            return new EventDecision(null, state.Clock.With(DeletedField, stamp), DeleteMain: true, []);
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

        return new EventDecision(content, clock, DeleteMain: false, NewActivities(evt, content));
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
    private static List<ActivityContent> NewActivities(LifecycleEvent evt, ActivityContent main) => evt.Type switch
    {
        LifecycleEventType.Suspended => [Copy(main, evt, "suspended", "suspended")],
        LifecycleEventType.Reopened => [Copy(main, evt, "pending", "reopened")],
        LifecycleEventType.PreworkCreated => [Prework(main, evt)],
        _ => [],
    };

    private static ActivityContent Copy(ActivityContent main, LifecycleEvent evt, string status, string reason) => main with
    {
        Status = status,
        ExternalId = null,
        ReadAt = null,
        SeenAt = null,
        ArchivedAt = null,
        Properties = WithLink(main.Properties, "copy_of_external_id", evt.ExternalId, "copy_reason", reason),
    };

    private static ActivityContent Prework(ActivityContent main, LifecycleEvent evt) => new()
    {
        Title = Truncate("Prework for " + main.Title, ActivityRules.MaxTitleLength),
        UserId = main.UserId,
        ActivityType = main.ActivityType,
        ScheduledDate = main.ScheduledDate,
        Status = "started",
        Properties = WithLink(ActivityContent.EmptyProperties, "prework_of_external_id", evt.ExternalId, null, null),
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
