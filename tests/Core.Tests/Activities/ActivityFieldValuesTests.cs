using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityFieldValuesTests
{
    [Fact]
    public void Lists_every_writable_field_in_contract_order()
    {
        var names = ActivityFieldValues.Of(ActivityContents.Minimal).Select(field => field.Name).ToArray();

        Assert.Equal(
            [
                "user_id", "contact_id", "visitor_id", "customer_id", "relation_type", "relation_id", "activity_type",
                "message_type", "direction", "title", "description", "formatted_description", "slug", "status",
                "scheduled_date", "external_id", "appt_number", "customer_number", "properties", "read_at", "seen_at", "archived_at",
            ],
            names);
    }

    [Fact]
    public void Each_field_carries_its_own_value()
    {
        var values = ActivityFieldValues.Of(ActivityContents.Full).ToDictionary(field => field.Name, field => field.Value);

        Assert.Equal(
            """{"user_id":"u1","contact_id":"c-1","visitor_id":"v-1","customer_id":"cust-1","relation_type":"product","relation_id":"33333","activity_type":"Meeting","message_type":"schedule_invitation","direction":"pivot_to_client","title":"New order placed","description":"Jane Smith placed an order for $150.00","formatted_description":"<strong>Jane Smith</strong> placed an order for $150.00","slug":"order_placed","status":"pending","scheduled_date":"2026-01-20","external_id":"4455","appt_number":"A-1","customer_number":"C-9","properties":{"amount":150,"currency":"USD","paid":false,"note":null},"read_at":"2026-01-15T10:30:00.123Z","seen_at":null,"archived_at":null}""",
            ToJson(values));
    }

    [Fact]
    public void Unset_fields_are_null_and_properties_an_empty_object()
    {
        var values = ActivityFieldValues.Of(ActivityContents.Minimal).ToDictionary(field => field.Name, field => field.Value);

        Assert.Null(values["user_id"]);
        Assert.Null(values["read_at"]);
        Assert.Null(values["scheduled_date"]);
        Assert.Equal("New order placed", values["title"]!.GetValue<string>());
        Assert.Empty(Assert.IsType<JsonObject>(values["properties"]));
    }

    [Fact]
    public void Null_content_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => ActivityFieldValues.Of(null!).ToList());
    }

    private static string ToJson(Dictionary<string, JsonNode?> values)
    {
        var result = new JsonObject();
        foreach (var (name, value) in values)
        {
            result[name] = value?.DeepClone();
        }

        return result.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
