using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityJsonBindCreateTests
{
    private const string FullBody = """
        {
          "user_id": "u1", "contact_id": "c-1", "visitor_id": "v-1", "customer_id": "cust-1",
          "relation_type": "product", "relation_id": "33333",
          "activity_type": "Meeting", "message_type": "schedule_invitation", "direction": "pivot_to_client",
          "title": "New order placed",
          "description": "Jane Smith placed an order for $150.00",
          "formatted_description": "<strong>Jane Smith</strong> placed an order for $150.00",
          "slug": "order_placed", "status": "pending", "scheduled_date": "2026-01-20",
          "external_id": "4455", "appt_number": "A-1", "customer_number": "C-9",
          "properties": {"amount": 150, "currency": "USD", "paid": false, "note": null},
          "read_at": "2026-01-15T10:30:00.123Z"
        }
        """;

    [Fact]
    public void Binds_every_writable_field()
    {
        var result = ActivityJson.BindCreate(Json.Parse(FullBody));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        Assert.Empty(result.Errors);
        var expected = ActivityContents.Full;
        Assert.Equal(expected with { Properties = result.Content.Properties }, result.Content);
        Assert.Equal(
            ["amount", "currency", "note", "paid"],
            result.Content.Properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Null, result.Content.Properties["note"].ValueKind);
        Assert.Equal(150, result.Content.Properties["amount"].GetInt32());
    }

    [Fact]
    public void Leaves_absent_fields_null()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "Hello"}"""));

        Assert.Equal(new ActivityContent { Title = "Hello", Properties = result.Content!.Properties }, result.Content);
        Assert.Empty(result.Content.Properties);
    }

    [Fact]
    public void Stores_the_title_trimmed()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "  Hello \n"}"""));

        Assert.Equal("Hello", result.Content!.Title);
    }

    [Fact]
    public void Rejects_a_missing_title()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"description": "no title"}"""));

        Assert.False(result.IsValid);
        Assert.Equal(["title"], result.Errors.Keys);
    }

    [Fact]
    public void Rejects_title_longer_than_200_characters()
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": "{{new string('t', 201)}}"}"""));

        Assert.Equal(["title"], result.Errors.Keys);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[\"x\"]")]
    public void Rejects_a_title_that_is_not_a_string_with_one_error(string title)
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": {{title}}}"""));

        Assert.Equal(["title"], result.Errors.Keys);
        Assert.Single(result.Errors["title"]);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("description")]
    [InlineData("formatted_description")]
    [InlineData("status")]
    [InlineData("scheduled_date")]
    [InlineData("direction")]
    public void Rejects_a_text_field_given_as_another_json_type(string field)
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": "t", "{{field}}": 7}"""));

        Assert.Equal([field], result.Errors.Keys);
        Assert.Contains("string", result.Errors[field][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("company_id")]
    [InlineData("created_at")]
    [InlineData("updated_at")]
    [InlineData("version")]
    public void Rejects_a_read_only_field_naming_it(string field)
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": "t", "{{field}}": "x"}"""));

        Assert.Equal([field], result.Errors.Keys);
        Assert.Contains("read-only", result.Errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_each_unknown_field_naming_it()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "t", "colour": "red", "Title": "x", "id": 1}"""));

        Assert.Equal(["colour", "Title", "id"], result.Errors.Keys);
        Assert.Contains("not a field", result.Errors["colour"][0], StringComparison.Ordinal);
        Assert.Contains("read-only", result.Errors["id"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"title\"")]
    [InlineData("null")]
    [InlineData("3")]
    public void Rejects_a_body_that_is_not_an_object(string body)
    {
        var result = ActivityJson.BindCreate(Json.Parse(body));

        Assert.Equal([ActivityJson.BodyErrorKey], result.Errors.Keys);
    }

    [Fact]
    public void Rejects_a_field_named_twice()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "a", "title": "b"}"""));

        Assert.Equal(["title"], result.Errors.Keys);
    }

    [Fact]
    public void Rejects_text_with_an_unpaired_surrogate()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "t", "description": "a\ud800b"}"""));

        Assert.Equal(["description"], result.Errors.Keys);
    }

    [Fact]
    public void Treats_null_properties_as_none()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "t", "properties": null}"""));

        Assert.Empty(result.Content!.Properties);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a=1\"")]
    public void Rejects_properties_that_are_not_an_object(string properties)
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": "t", "properties": {{properties}}}"""));

        Assert.Equal(["properties"], result.Errors.Keys);
    }

    [Fact]
    public void Rejects_a_property_key_named_twice()
    {
        var result = ActivityJson.BindCreate(Json.Parse("""{"title": "t", "properties": {"a": 1, "a": 2}}"""));

        Assert.Equal(["properties"], result.Errors.Keys);
    }

    [Fact]
    public void Keeps_property_values_readable_after_the_request_document_is_disposed()
    {
        ActivityBindResult result;
        using (var document = JsonDocument.Parse("""{"title": "t", "properties": {"a": "kept"}}"""))
        {
            result = ActivityJson.BindCreate(document.RootElement);
        }

        Assert.Equal("kept", result.Content!.Properties["a"].GetString());
    }

    [Theory]
    [InlineData("2026-01-15T12:30:00.123+02:00")]
    [InlineData("2026-01-15t10:30:00.1239999z")]
    [InlineData("2026-01-15T05:30:00.123-05:00")]
    public void Normalizes_read_at_to_utc_milliseconds(string readAt)
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": "t", "read_at": "{{readAt}}"}"""));

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 30, 0, 123, TimeSpan.Zero), result.Content!.ReadAt);
        Assert.Equal(TimeSpan.Zero, result.Content.ReadAt!.Value.Offset);
    }

    [Theory]
    [InlineData("\"2026-01-15T10:30:00\"")]
    [InlineData("\"2026-01-15\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1768473000")]
    public void Rejects_read_at_that_is_not_an_rfc_3339_time_with_offset(string readAt)
    {
        var result = ActivityJson.BindCreate(Json.Parse($$"""{"title": "t", "read_at": {{readAt}}}"""));

        Assert.Equal(["read_at"], result.Errors.Keys);
    }

    [Fact]
    public void Stores_formatted_description_sanitized()
    {
        var body = """{"title": "t", "formatted_description": "<b onclick=\"x()\">Hi</b><script>alert(1)</script>"}""";

        var result = ActivityJson.BindCreate(Json.Parse(body));

        Assert.Equal("<b>Hi</b>", result.Content!.FormattedDescription);
    }

    [Fact]
    public void Applies_the_4000_character_limit_to_formatted_description_as_sent()
    {
        // 4,000 ampersands sanitize to 20,000 characters of &amp; and are still accepted.
        var atLimit = Json.Parse($$"""{"title": "t", "formatted_description": "{{new string('&', 4000)}}"}""");
        var overLimit = Json.Parse($$"""{"title": "t", "formatted_description": "{{new string('a', 4001)}}"}""");

        var accepted = ActivityJson.BindCreate(atLimit);
        var rejected = ActivityJson.BindCreate(overLimit);

        Assert.Equal(20_000, accepted.Content!.FormattedDescription!.Length);
        Assert.Equal(["formatted_description"], rejected.Errors.Keys);
    }

    [Fact]
    public void Rejects_formatted_description_the_sanitizer_refuses()
    {
        const string Formatting = "<b><i><u><em><strong><s><small><big><tt><code><font><nobr><strike>";
        var markup = "<p>" + Formatting + Formatting + Formatting + string.Concat(Enumerable.Repeat("<p>x", 900));
        var body = new Dictionary<string, string> { ["title"] = "t", ["formatted_description"] = markup };

        var result = ActivityJson.BindCreate(JsonSerializer.SerializeToElement(body));

        Assert.Equal(["formatted_description"], result.Errors.Keys);
    }

    [Fact]
    public void Reports_every_offending_field_together()
    {
        var body = """{"title": "", "slug": "Bad", "direction": "to_pivot", "version": 3, "extra": true}""";

        var result = ActivityJson.BindCreate(Json.Parse(body));

        Assert.Equal(
            ["extra", "message_type", "slug", "title", "version"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
