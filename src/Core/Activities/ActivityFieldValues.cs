using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActivityService.Core.Activities;

/// <summary>
/// The writable fields' values by JSON name, in contract order. History diffs read field values
/// through here, so a field added to <see cref="ActivityContent"/> is added once.
/// </summary>
public static class ActivityFieldValues
{
    public static IEnumerable<(string Name, JsonNode? Value)> Of(ActivityContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        yield return (ActivityFields.UserId, Text(content.UserId));
        yield return (ActivityFields.ContactId, Text(content.ContactId));
        yield return (ActivityFields.VisitorId, Text(content.VisitorId));
        yield return (ActivityFields.CustomerId, Text(content.CustomerId));
        yield return (ActivityFields.RelationType, Text(content.RelationType));
        yield return (ActivityFields.RelationId, Text(content.RelationId));
        yield return (ActivityFields.ActivityType, Text(content.ActivityType));
        yield return (ActivityFields.MessageType, Text(content.MessageType));
        yield return (ActivityFields.Direction, Text(content.Direction));
        yield return (ActivityFields.Title, Text(content.Title));
        yield return (ActivityFields.Description, Text(content.Description));
        yield return (ActivityFields.FormattedDescription, Text(content.FormattedDescription));
        yield return (ActivityFields.Slug, Text(content.Slug));
        yield return (ActivityFields.Status, Text(content.Status));
        yield return (ActivityFields.ScheduledDate, Text(content.ScheduledDate));
        yield return (ActivityFields.ExternalId, Text(content.ExternalId));
        yield return (ActivityFields.ApptNumber, Text(content.ApptNumber));
        yield return (ActivityFields.CustomerNumber, Text(content.CustomerNumber));
        yield return (ActivityFields.Properties, Properties(content.Properties));
        yield return (ActivityFields.ReadAt, content.ReadAt is { } readAt ? JsonValue.Create(Rfc3339.Format(readAt)) : null);
        yield return (ActivityFields.SeenAt, content.SeenAt is { } seenAt ? JsonValue.Create(Rfc3339.Format(seenAt)) : null);
        yield return (ActivityFields.ArchivedAt, content.ArchivedAt is { } archivedAt ? JsonValue.Create(Rfc3339.Format(archivedAt)) : null);
    }

    private static JsonObject Properties(IReadOnlyDictionary<string, JsonElement> properties)
    {
        var result = new JsonObject();
        foreach (var (key, value) in properties)
        {
            result[key] = JsonSerializer.SerializeToNode(value);
        }

        return result;
    }

    private static JsonValue? Text(string? value) => value is null ? null : JsonValue.Create(value);
}
