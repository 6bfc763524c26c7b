using System.Text.Json;
using System.Text.Json.Nodes;
using ActivityService.Core.Activities;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityJsonWriteTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 15, 10, 30, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Writes_every_field_in_contract_order_with_nulls()
    {
        var activity = Activity(ActivityContents.Minimal);

        var json = ActivityJson.ToJsonString(activity);

        Assert.Equal(
            """{"id":"01JH7","company_id":"acme","user_id":null,"contact_id":null,"visitor_id":null,"customer_id":null,"relation_type":null,"relation_id":null,"activity_type":null,"message_type":null,"direction":null,"title":"New order placed","description":null,"formatted_description":null,"slug":null,"status":null,"scheduled_date":null,"external_id":null,"appt_number":null,"customer_number":null,"properties":{},"read_at":null,"seen_at":null,"archived_at":null,"created_at":"2026-01-15T10:30:00.123Z","updated_at":"2026-01-15T10:30:00.123Z","version":1}""",
            json);
    }

    [Fact]
    public void Writes_set_fields_with_their_values()
    {
        var activity = Activity(ActivityContents.Full) with { Version = 7 };

        var json = ActivityJson.ToJsonObject(activity);

        Assert.Equal("u1", (string?)json["user_id"]);
        Assert.Equal("schedule_invitation", (string?)json["message_type"]);
        Assert.Equal("2026-01-20", (string?)json["scheduled_date"]);
        Assert.Equal("2026-01-15T10:30:00.123Z", (string?)json["read_at"]);
        Assert.Equal(7, (long)json["version"]!);
        Assert.Equal(JsonValueKind.Number, json["version"]!.GetValueKind());
    }

    [Fact]
    public void Writes_times_in_utc_with_exactly_three_fractional_digits()
    {
        var activity = Activity(ActivityContents.Minimal) with
        {
            CreatedAt = new DateTimeOffset(2026, 1, 15, 12, 30, 0, TimeSpan.FromHours(2)),
            UpdatedAt = new DateTimeOffset(2026, 1, 15, 10, 30, 0, 999, TimeSpan.Zero).AddTicks(9_999),
        };

        var json = ActivityJson.ToJsonObject(activity);

        Assert.Equal("2026-01-15T10:30:00.000Z", (string?)json["created_at"]);
        Assert.Equal("2026-01-15T10:30:00.999Z", (string?)json["updated_at"]);
    }

    [Fact]
    public void Writes_properties_as_an_object_in_key_order()
    {
        var content = ActivityContents.Minimal with
        {
            Properties = ActivityContents.Properties("""{"zeta": "z", "Alpha": 1.50, "mid": null, "b": true}"""),
        };

        var json = ActivityJson.ToJsonString(Activity(content));

        Assert.Contains("\"properties\":{\"Alpha\":1.50,\"b\":true,\"mid\":null,\"zeta\":\"z\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Escapes_markup_in_strings_so_the_json_is_safe_to_embed_in_html()
    {
        var content = ActivityContents.Minimal with { FormattedDescription = "<b>x</b>" };

        var json = ActivityJson.ToJsonString(Activity(content));

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.Equal("<b>x</b>", (string?)JsonNode.Parse(json)!["formatted_description"]);
    }

    [Fact]
    public void Writes_into_a_callers_writer_alongside_other_output()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            ActivityJson.WriteActivity(writer, Activity(ActivityContents.Minimal));
            writer.WriteEndArray();
            writer.WriteNull("next_cursor");
            writer.WriteEndObject();
        }

        var page = JsonNode.Parse(stream.ToArray())!;

        Assert.Equal("01JH7", (string?)page["data"]![0]!["id"]);
    }

    [Fact]
    public void Binding_the_written_writable_fields_reproduces_the_content()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ActivityContentGenerators.Valid().ToArbitrary(), content =>
        {
            var written = ActivityJson.ToJsonObject(Activity(content));
            foreach (var readOnly in ActivityFields.ReadOnly.Concat(ActivityFields.OwnerOnly))
            {
                written.Remove(readOnly);
            }

            var result = ActivityJson.BindCreate(JsonSerializer.SerializeToElement(written));
            return result.IsValid &&
                ActivityJson.ToJsonString(Activity(result.Content)) == ActivityJson.ToJsonString(Activity(content));
        }));
    }

    private static Activity Activity(ActivityContent content) => new()
    {
        Id = "01JH7",
        CompanyId = "acme",
        Content = content,
        CreatedAt = Created,
        UpdatedAt = Created,
        Version = 1,
    };
}
