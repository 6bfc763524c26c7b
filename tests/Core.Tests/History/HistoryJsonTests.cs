using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActivityService.Core.History;

namespace ActivityService.Core.Tests.History;

public sealed class HistoryJsonTests
{
    private static readonly DateTimeOffset OccurredAt = new(2026, 1, 15, 10, 30, 0, 123, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset RecordedAt = new(2026, 1, 15, 8, 30, 1, 456, TimeSpan.Zero);

    [Fact]
    public void Writes_every_field_of_an_event_entry()
    {
        var entry = new HistoryEntry(
            "01JH0000000000000000000001",
            "01JH0000000000000000000000",
            HistoryEvents.Updated,
            ChangeSources.Event,
            "activityStatusChanged",
            OccurredAt,
            RecordedAt,
            new Actor("dispatcher1", "ofs-sync"),
            [new FieldChange("status", JsonValue.Create("pending"), JsonValue.Create("done")), new FieldChange("properties.size", JsonValue.Create(2), null)]);

        Assert.Equal(
            """{"id":"01JH0000000000000000000001","activity_id":"01JH0000000000000000000000","event":"updated","source":"event","source_event":"activityStatusChanged","occurred_at":"2026-01-15T08:30:00.123Z","recorded_at":"2026-01-15T08:30:01.456Z","actor":{"user_id":"dispatcher1","application_id":"ofs-sync"},"changes":[{"field":"status","previous":"pending","current":"done"},{"field":"properties.size","previous":2,"current":null}]}""",
            Write(entry));
    }

    [Fact]
    public void Absent_source_event_and_actor_ids_are_written_as_null()
    {
        var entry = new HistoryEntry(
            "h1",
            "a1",
            HistoryEvents.Created,
            ChangeSources.Api,
            null,
            RecordedAt,
            RecordedAt,
            new Actor(null, null),
            [new FieldChange("title", null, JsonValue.Create("Hi"))]);

        Assert.Equal(
            """{"id":"h1","activity_id":"a1","event":"created","source":"api","source_event":null,"occurred_at":"2026-01-15T08:30:01.456Z","recorded_at":"2026-01-15T08:30:01.456Z","actor":{"user_id":null,"application_id":null},"changes":[{"field":"title","previous":null,"current":"Hi"}]}""",
            Write(entry));
    }

    [Fact]
    public void Null_writer_or_entry_is_refused()
    {
        var entry = new HistoryEntry("h1", "a1", HistoryEvents.Deleted, ChangeSources.Api, null, RecordedAt, RecordedAt, new Actor("u1", null), []);
        using var stream = new MemoryStream();
        using var writer = new Utf8JsonWriter(stream);

        Assert.Throws<ArgumentNullException>(() => HistoryJson.Write(null!, entry));
        Assert.Throws<ArgumentNullException>(() => HistoryJson.Write(writer, null!));
    }

    private static string Write(HistoryEntry entry)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            HistoryJson.Write(writer, entry);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
