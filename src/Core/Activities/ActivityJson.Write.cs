using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActivityService.Core.Activities;

public static partial class ActivityJson
{
    /// <summary>
    /// Writes the activity resource of contract §3: every field, in the documented order, nulls included,
    /// times as UTC with milliseconds and <c>Z</c>, properties in ordinal key order so equal activities
    /// serialize to equal bytes.
    /// </summary>
    public static void WriteActivity(Utf8JsonWriter writer, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(activity);
        var content = activity.Content;

        writer.WriteStartObject();
        writer.WriteString(ActivityFields.Id, activity.Id);
        writer.WriteString(ActivityFields.CompanyId, activity.CompanyId);
        writer.WriteString(ActivityFields.UserId, content.UserId);
        writer.WriteString(ActivityFields.ContactId, content.ContactId);
        writer.WriteString(ActivityFields.VisitorId, content.VisitorId);
        writer.WriteString(ActivityFields.CustomerId, content.CustomerId);
        writer.WriteString(ActivityFields.RelationType, content.RelationType);
        writer.WriteString(ActivityFields.RelationId, content.RelationId);
        writer.WriteString(ActivityFields.ActivityType, content.ActivityType);
        writer.WriteString(ActivityFields.MessageType, content.MessageType);
        writer.WriteString(ActivityFields.Direction, content.Direction);
        writer.WriteString(ActivityFields.Title, content.Title);
        writer.WriteString(ActivityFields.Description, content.Description);
        writer.WriteString(ActivityFields.FormattedDescription, content.FormattedDescription);
        writer.WriteString(ActivityFields.Slug, content.Slug);
        writer.WriteString(ActivityFields.Status, content.Status);
        writer.WriteString(ActivityFields.ScheduledDate, content.ScheduledDate);
        writer.WriteString(ActivityFields.ExternalId, content.ExternalId);
        writer.WriteString(ActivityFields.ApptNumber, content.ApptNumber);
        writer.WriteString(ActivityFields.CustomerNumber, content.CustomerNumber);
        WriteProperties(writer, content.Properties);
        WriteTime(writer, ActivityFields.ReadAt, content.ReadAt);
        WriteTime(writer, ActivityFields.SeenAt, content.SeenAt);
        WriteTime(writer, ActivityFields.ArchivedAt, content.ArchivedAt);
        WriteTime(writer, ActivityFields.CreatedAt, activity.CreatedAt);
        WriteTime(writer, ActivityFields.UpdatedAt, activity.UpdatedAt);
        writer.WriteNumber(ActivityFields.Version, activity.Version);
        writer.WriteEndObject();
    }

    /// <summary>The activity as a UTF-8 JSON document's text.</summary>
    public static string ToJsonString(Activity activity) => Encoding.UTF8.GetString(ToUtf8(activity).WrittenSpan);

    /// <summary>The activity as a mutable JSON object, for responses that embed it.</summary>
    public static JsonObject ToJsonObject(Activity activity) => JsonNode.Parse(ToUtf8(activity).WrittenSpan)!.AsObject();

    private static ArrayBufferWriter<byte> ToUtf8(Activity activity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteActivity(writer, activity);
        }

        return buffer;
    }

    private static void WriteProperties(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> properties)
    {
        writer.WriteStartObject(ActivityFields.Properties);
        foreach (var (key, value) in properties.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WritePropertyName(key);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, Rfc3339.Format(value));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
