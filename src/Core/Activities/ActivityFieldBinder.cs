using System.Collections.Frozen;
using System.Text.Json;

namespace ActivityService.Core.Activities;

/// <summary>
/// Sets one writable field of an activity from its JSON value, reporting values of the wrong JSON type.
/// Rules about the values themselves are the validator's; this only turns JSON into content.
/// </summary>
internal static class ActivityFieldBinder
{
    private static readonly FrozenDictionary<string, Func<ActivityContent, string?, ActivityContent>> TextFields =
        new Dictionary<string, Func<ActivityContent, string?, ActivityContent>>(StringComparer.Ordinal)
        {
            [ActivityFields.UserId] = (content, value) => content with { UserId = value },
            [ActivityFields.ContactId] = (content, value) => content with { ContactId = value },
            [ActivityFields.VisitorId] = (content, value) => content with { VisitorId = value },
            [ActivityFields.CustomerId] = (content, value) => content with { CustomerId = value },
            [ActivityFields.RelationType] = (content, value) => content with { RelationType = value },
            [ActivityFields.RelationId] = (content, value) => content with { RelationId = value },
            [ActivityFields.ActivityType] = (content, value) => content with { ActivityType = value },
            [ActivityFields.MessageType] = (content, value) => content with { MessageType = value },
            [ActivityFields.Direction] = (content, value) => content with { Direction = value },
            [ActivityFields.Description] = (content, value) => content with { Description = value },
            [ActivityFields.FormattedDescription] = (content, value) => content with { FormattedDescription = value },
            [ActivityFields.Slug] = (content, value) => content with { Slug = value },
            [ActivityFields.Status] = (content, value) => content with { Status = value },
            [ActivityFields.ScheduledDate] = (content, value) => content with { ScheduledDate = value },
            [ActivityFields.ExternalId] = (content, value) => content with { ExternalId = value },
            [ActivityFields.ApptNumber] = (content, value) => content with { ApptNumber = value },
            [ActivityFields.CustomerNumber] = (content, value) => content with { CustomerNumber = value },
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Returns <paramref name="content"/> with <paramref name="field"/> set from <paramref name="value"/>,
    /// or unchanged with an error. With <paramref name="mergeProperties"/>, a <c>properties</c> object
    /// is merged into the existing one key by key (RFC 7396); otherwise it replaces it.
    /// </summary>
    public static ActivityContent Apply(
        ActivityContent content,
        string field,
        JsonElement value,
        bool mergeProperties,
        FieldErrors errors)
    {
        switch (field)
        {
            case ActivityFields.Title:
                return ReadTitle(value, errors) is { } title ? content with { Title = title } : content;
            case ActivityFields.ReadAt:
                return TryReadTime(field, value, errors, out var readAt) ? content with { ReadAt = readAt } : content;
            case ActivityFields.SeenAt:
                return TryReadTime(field, value, errors, out var seenAt) ? content with { SeenAt = seenAt } : content;
            case ActivityFields.ArchivedAt:
                return TryReadTime(field, value, errors, out var archivedAt) ? content with { ArchivedAt = archivedAt } : content;
            case ActivityFields.Properties:
                var properties = ReadProperties(value, mergeProperties ? content.Properties : null, errors);
                return properties is null ? content : content with { Properties = properties };
            default:
                return TryReadText(field, value, errors, out var text) ? TextFields[field](content, text) : content;
        }
    }

    private static bool TryReadText(string field, JsonElement value, FieldErrors errors, out string? text)
    {
        text = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String when JsonText.TryGetString(value, out var read):
                text = read;
                return true;
            case JsonValueKind.String:
                errors.Add(field, "Is not valid Unicode text.");
                return false;
            default:
                errors.Add(field, "Must be a string or null.");
                return false;
        }
    }

    /// <summary>The title is stored trimmed; it can be replaced but never removed.</summary>
    private static string? ReadTitle(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(ActivityFields.Title, "Is required and must be a string.");
            return null;
        }

        return TryReadText(ActivityFields.Title, value, errors, out var text) ? text!.Trim() : null;
    }

    private static bool TryReadTime(string field, JsonElement value, FieldErrors errors, out DateTimeOffset? time)
    {
        time = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String &&
            JsonText.TryGetString(value, out var text) &&
            Rfc3339.TryParse(text, out var parsed))
        {
            time = parsed;
            return true;
        }

        errors.Add(
            field,
            "Must be null or an RFC 3339 date-time with an offset, such as 2026-01-15T10:30:00Z.");
        return false;
    }

    /// <summary>
    /// Null removes every property. An object replaces them, or with a <paramref name="mergeInto"/> target
    /// is merged into it: a null value deletes that key, any other value sets it.
    /// </summary>
    private static Dictionary<string, JsonElement>? ReadProperties(
        JsonElement value,
        IReadOnlyDictionary<string, JsonElement>? mergeInto,
        FieldErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ActivityFields.Properties, "Must be an object or null.");
            return null;
        }

        var result = mergeInto is null
            ? new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(mergeInto, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                errors.Add(ActivityFields.Properties, "A key appears more than once.");
                return null;
            }

            if (mergeInto is not null && member.Value.ValueKind == JsonValueKind.Null)
            {
                result.Remove(member.Name);
            }
            else
            {
                // The request's JSON document is disposed after binding; the stored value must outlive it.
                result[member.Name] = member.Value.Clone();
            }
        }

        return result;
    }
}
