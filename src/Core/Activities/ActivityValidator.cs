using System.Globalization;
using System.Text.Json;
using ActivityService.Core.Catalog;

namespace ActivityService.Core.Activities;

/// <summary>
/// Checks an activity's writable content against contract §3.1 and §3.3. It judges the whole content,
/// not a change, so cross-field rules (relation, message type) hold after every create and patch.
/// </summary>
public static class ActivityValidator
{
    // Echoed keys are cut short so an error never carries a large slice of the request back.
    private const int MaxEchoLength = 64;

    /// <summary>Field name (snake_case) to messages; empty when the content is valid.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(ActivityContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var errors = new FieldErrors();
        CheckTexts(content, errors);
        CheckIdentifiers(content, errors);
        CheckRelation(content, errors);
        CheckEnumerations(content, errors);
        CheckMessageType(content, errors);
        CheckProperties(content.Properties, errors);
        return errors.ToDictionary();
    }

    private static void CheckTexts(ActivityContent content, FieldErrors errors)
    {
        var title = content.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors.Add(ActivityFields.Title, "Is required and must not be blank.");
        }
        else if (title.Length > ActivityRules.MaxTitleLength)
        {
            errors.Add(ActivityFields.Title, $"Must be at most {ActivityRules.MaxTitleLength} characters after trimming.");
        }

        CheckMaxLength(ActivityFields.Description, content.Description, ActivityRules.MaxDescriptionLength, errors);
        CheckMaxLength(
            ActivityFields.FormattedDescription,
            content.FormattedDescription,
            ActivityRules.MaxFormattedDescriptionLength,
            errors);

        if (content.Slug is { } slug &&
            (slug.Length > ActivityRules.MaxSlugLength || !ActivityRules.Slug().IsMatch(slug)))
        {
            errors.Add(
                ActivityFields.Slug,
                $"Must be at most {ActivityRules.MaxSlugLength} characters matching {ActivityRules.SlugPattern}.");
        }
    }

    private static void CheckMaxLength(string field, string? value, int max, FieldErrors errors)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(field, $"Must be at most {max} characters.");
        }
    }

    private static void CheckIdentifiers(ActivityContent content, FieldErrors errors)
    {
        CheckIdentifier(ActivityFields.UserId, content.UserId, errors);
        CheckIdentifier(ActivityFields.ContactId, content.ContactId, errors);
        CheckIdentifier(ActivityFields.VisitorId, content.VisitorId, errors);
        CheckIdentifier(ActivityFields.CustomerId, content.CustomerId, errors);
        CheckIdentifier(ActivityFields.RelationId, content.RelationId, errors);
        CheckIdentifier(ActivityFields.ExternalId, content.ExternalId, errors);
        CheckIdentifier(ActivityFields.ApptNumber, content.ApptNumber, errors);
        CheckIdentifier(ActivityFields.CustomerNumber, content.CustomerNumber, errors);
    }

    private static void CheckIdentifier(string field, string? value, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length is < ActivityRules.MinIdentifierLength or > ActivityRules.MaxIdentifierLength)
        {
            errors.Add(
                field,
                $"Must be {ActivityRules.MinIdentifierLength} to {ActivityRules.MaxIdentifierLength} characters.");
        }

        if (value.Any(char.IsControl))
        {
            errors.Add(field, "Must not contain control characters.");
        }

        if (value.AsSpan().ContainsAny(ActivityRules.IdentifierForbidden))
        {
            errors.Add(field, "Must not contain '/', '\\', '#' or '?'.");
        }

        if (!ActivityRules.FitsInStorageKey(value))
        {
            errors.Add(field, $"Too long for a storage key: each non-ASCII character counts as 3 to 12 of at most {ActivityRules.MaxEscapedIdentifierLength} (ASCII letters, digits and - _ . @ : count 1, other ASCII 3).");
        }
    }

    private static void CheckRelation(ActivityContent content, FieldErrors errors)
    {
        if (content.RelationType is { } relationType && !ActivityRules.RelationTypes.Contains(relationType))
        {
            errors.Add(ActivityFields.RelationType, $"Must be one of: {string.Join(", ", ActivityRules.RelationTypes)}.");
        }

        if (content.RelationType is not null && content.RelationId is null)
        {
            errors.Add(ActivityFields.RelationId, "Is required when relation_type is set.");
        }
        else if (content.RelationType is null && content.RelationId is not null)
        {
            errors.Add(ActivityFields.RelationId, "Must not be set without relation_type.");
        }
    }

    private static void CheckEnumerations(ActivityContent content, FieldErrors errors)
    {
        if (content.ActivityType is { } activityType && !ActivityRules.ActivityType().IsMatch(activityType))
        {
            errors.Add(ActivityFields.ActivityType, $"Must match {ActivityRules.ActivityTypePattern}.");
        }

        if (content.Status is { } status && !ActivityRules.Statuses.Contains(status))
        {
            errors.Add(ActivityFields.Status, $"Must be null or one of: {string.Join(", ", ActivityRules.Statuses)}.");
        }

        if (content.ScheduledDate is { } date && !IsCalendarDate(date))
        {
            errors.Add(ActivityFields.ScheduledDate, "Must be a real calendar date written YYYY-MM-DD.");
        }
    }

    private static bool IsCalendarDate(string value) =>
        ActivityRules.ScheduledDate().IsMatch(value) &&
        DateOnly.TryParseExact(
            value,
            ActivityRules.ScheduledDateFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out _);

    private static void CheckMessageType(ActivityContent content, FieldErrors errors)
    {
        var (messageType, direction) = (content.MessageType, content.Direction);
        if (messageType is null && direction is null)
        {
            return;
        }

        if (messageType is null)
        {
            errors.Add(ActivityFields.MessageType, "Is required when direction is set.");
        }

        if (direction is null)
        {
            errors.Add(ActivityFields.Direction, "Is required when message_type is set.");
        }
        else if (!MessageDirections.IsValid(direction))
        {
            errors.Add(ActivityFields.Direction, $"Must be one of: {string.Join(", ", MessageDirections.All)}.");
        }

        // Only a well-formed triple is worth looking up; otherwise the errors above already say why.
        if (messageType is null ||
            direction is null ||
            errors.Has(ActivityFields.Direction) ||
            errors.Has(ActivityFields.ActivityType))
        {
            return;
        }

        if (!MessageTypeCatalog.Contains(content.ActivityType, messageType, direction))
        {
            const string NotInCatalog =
                "activity_type (General when null), message_type and direction must together be a row of the " +
                "message-type catalog (GET /api/activity-message-types).";
            errors.Add(ActivityFields.MessageType, NotInCatalog);
            errors.Add(ActivityFields.Direction, NotInCatalog);
            if (content.ActivityType is not null)
            {
                errors.Add(ActivityFields.ActivityType, NotInCatalog);
            }
        }
    }

    private static void CheckProperties(IReadOnlyDictionary<string, JsonElement>? properties, FieldErrors errors)
    {
        if (properties is null)
        {
            return;
        }

        if (properties.Count > ActivityRules.MaxPropertyCount)
        {
            errors.Add(ActivityFields.Properties, $"Must have at most {ActivityRules.MaxPropertyCount} keys.");
        }

        foreach (var (key, value) in properties)
        {
            if (!ActivityRules.PropertyKey().IsMatch(key))
            {
                errors.Add(ActivityFields.Properties, $"Key {Echo(key)} must match {ActivityRules.PropertyKeyPattern}.");
            }

            if (PropertyValueProblem(value) is { } problem)
            {
                errors.Add(ActivityFields.Properties, $"Key {Echo(key)}: {problem}");
            }
        }
    }

    private static string? PropertyValueProblem(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonText.TryGetString(value, out var text)
            ? text.Length > ActivityRules.MaxPropertyStringLength
                ? $"a string value must be at most {ActivityRules.MaxPropertyStringLength} characters."
                : null
            : "the string is not valid Unicode text.",
        JsonValueKind.Number => value.TryGetDouble(out var number) && double.IsFinite(number)
            ? null
            : "the number is out of range.",
        JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => null,
        _ => "the value must be a string, number, boolean or null.",
    };

    private static string Echo(string key) =>
        key.Length <= MaxEchoLength ? $"'{key}'" : $"'{key[..MaxEchoLength]}…'";
}
