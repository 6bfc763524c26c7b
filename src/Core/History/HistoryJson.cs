using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.History;

/// <summary>Writes a history entry in the JSON of contract §7.</summary>
public static class HistoryJson
{
    public static void Write(Utf8JsonWriter writer, HistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteString("id", entry.Id);
        writer.WriteString("activity_id", entry.ActivityId);
        writer.WriteString("event", entry.Event);
        writer.WriteString("source", entry.Source);
        WriteNullable(writer, "source_event", entry.SourceEvent);
        writer.WriteString("occurred_at", Rfc3339.Format(entry.OccurredAt));
        writer.WriteString("recorded_at", Rfc3339.Format(entry.RecordedAt));
        writer.WriteStartObject("actor");
        WriteNullable(writer, "user_id", entry.Actor.UserId);
        WriteNullable(writer, "application_id", entry.Actor.ApplicationId);
        writer.WriteEndObject();
        writer.WriteStartArray("changes");
        foreach (var change in entry.Changes)
        {
            writer.WriteStartObject();
            writer.WriteString("field", change.Field);
            writer.WritePropertyName("previous");
            WriteNode(writer, change.Previous);
            writer.WritePropertyName("current");
            WriteNode(writer, change.Current);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNode(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }
}
