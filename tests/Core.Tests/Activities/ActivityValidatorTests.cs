using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityValidatorTests
{
    private static readonly string[] IdentifierFieldNames =
    [
        "user_id", "contact_id", "visitor_id", "customer_id", "relation_id", "external_id", "appt_number",
        "customer_number",
    ];

    public static TheoryData<string> IdentifierFields => [.. IdentifierFieldNames];

    [Fact]
    public void Accepts_content_with_only_a_title()
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal));
    }

    [Fact]
    public void Accepts_content_with_every_field_set()
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Full));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    public void Rejects_a_missing_or_blank_title(string title)
    {
        var errors = ActivityValidator.Validate(ActivityContents.Minimal with { Title = title });

        Assert.Equal(["title"], errors.Keys);
    }

    [Fact]
    public void Accepts_a_title_of_200_characters_after_trimming()
    {
        var content = ActivityContents.Minimal with { Title = "  " + new string('t', 200) + "  " };

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Fact]
    public void Rejects_title_longer_than_200_characters()
    {
        var errors = ActivityValidator.Validate(ActivityContents.Minimal with { Title = new string('t', 201) });

        Assert.Equal(["title"], errors.Keys);
    }

    [Fact]
    public void Accepts_a_description_of_2000_characters()
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal with { Description = new string('d', 2000) }));
    }

    [Fact]
    public void Rejects_description_longer_than_2000_characters()
    {
        var errors = ActivityValidator.Validate(ActivityContents.Minimal with { Description = new string('d', 2001) });

        Assert.Equal(["description"], errors.Keys);
    }

    [Fact]
    public void Rejects_formatted_description_longer_than_4000_characters()
    {
        var content = ActivityContents.Minimal with { FormattedDescription = new string('f', 4001) };

        Assert.Equal(["formatted_description"], ActivityValidator.Validate(content).Keys);
    }

    [Theory]
    [InlineData("order_placed")]
    [InlineData("a")]
    [InlineData("a-b_c1")]
    [InlineData("0rder-2")]
    public void Accepts_a_well_formed_slug(string slug)
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal with { Slug = slug }));
    }

    [Fact]
    public void Accepts_a_slug_of_64_characters()
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal with { Slug = new string('s', 64) }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Order")]
    [InlineData("a__b")]
    [InlineData("_a")]
    [InlineData("a-")]
    [InlineData("a b")]
    [InlineData("a\n")]
    public void Rejects_a_malformed_slug(string slug)
    {
        Assert.Equal(["slug"], ActivityValidator.Validate(ActivityContents.Minimal with { Slug = slug }).Keys);
    }

    [Fact]
    public void Rejects_a_slug_longer_than_64_characters()
    {
        var errors = ActivityValidator.Validate(ActivityContents.Minimal with { Slug = new string('s', 65) });

        Assert.Equal(["slug"], errors.Keys);
    }

    [Theory]
    [MemberData(nameof(IdentifierFields))]
    public void Accepts_an_identifier_of_128_characters(string field)
    {
        var content = WithIdentifier(field, new string('i', 128));

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Theory]
    [MemberData(nameof(IdentifierFields))]
    public void Rejects_an_empty_identifier(string field)
    {
        Assert.Equal([field], ActivityValidator.Validate(WithIdentifier(field, "")).Keys);
    }

    [Theory]
    [MemberData(nameof(IdentifierFields))]
    public void Rejects_an_identifier_longer_than_128_characters(string field)
    {
        Assert.Equal([field], ActivityValidator.Validate(WithIdentifier(field, new string('i', 129))).Keys);
    }

    [Theory]
    [MemberData(nameof(IdentifierFields))]
    public void Rejects_an_identifier_with_a_control_character(string field)
    {
        Assert.Equal([field], ActivityValidator.Validate(WithIdentifier(field, "a\u0007b")).Keys);
        Assert.Equal([field], ActivityValidator.Validate(WithIdentifier(field, "a\u0085b")).Keys);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    public void Rejects_an_identifier_with_a_url_or_key_separator(string value)
    {
        foreach (var field in IdentifierFieldNames)
        {
            Assert.Equal([field], ActivityValidator.Validate(WithIdentifier(field, value)).Keys);
        }
    }

    [Fact]
    public void Accepts_identifiers_with_other_punctuation_and_letters()
    {
        Assert.Empty(ActivityValidator.Validate(WithIdentifier("external_id", "ofs:4455.a-b_c@x+y é")));
    }

    [Theory]
    [InlineData("media")]
    [InlineData("library")]
    [InlineData("event")]
    [InlineData("task")]
    [InlineData("contact")]
    [InlineData("note")]
    [InlineData("product")]
    [InlineData("page")]
    public void Accepts_each_relation_type_with_a_relation_id(string relationType)
    {
        var content = ActivityContents.Minimal with { RelationType = relationType, RelationId = "r1" };

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Theory]
    [InlineData("Product")]
    [InlineData("order")]
    [InlineData("")]
    public void Rejects_an_unknown_relation_type(string relationType)
    {
        var content = ActivityContents.Minimal with { RelationType = relationType, RelationId = "r1" };

        Assert.Equal(["relation_type"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Requires_a_relation_id_with_a_relation_type()
    {
        var content = ActivityContents.Minimal with { RelationType = "product" };

        Assert.Equal(["relation_id"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Rejects_a_relation_id_without_a_relation_type()
    {
        var content = ActivityContents.Minimal with { RelationId = "r1" };

        Assert.Equal(["relation_id"], ActivityValidator.Validate(content).Keys);
    }

    [Theory]
    [InlineData("Meeting")]
    [InlineData("A")]
    [InlineData("customType2")]
    public void Accepts_a_well_formed_activity_type(string activityType)
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal with { ActivityType = activityType }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1Meeting")]
    [InlineData("Voice Call")]
    [InlineData("Voice_Call")]
    [InlineData("Meeting\n")]
    public void Rejects_a_malformed_activity_type(string activityType)
    {
        var errors = ActivityValidator.Validate(ActivityContents.Minimal with { ActivityType = activityType });

        Assert.Equal(["activity_type"], errors.Keys);
    }

    [Fact]
    public void Rejects_an_activity_type_longer_than_64_characters()
    {
        var content = ActivityContents.Minimal with { ActivityType = "A" + new string('a', 64) };

        Assert.Equal(["activity_type"], ActivityValidator.Validate(content).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pending")]
    [InlineData("started")]
    [InlineData("suspended")]
    [InlineData("completed")]
    [InlineData("notdone")]
    [InlineData("cancelled")]
    public void Accepts_each_status_or_none(string? status)
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal with { Status = status }));
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("canceled")]
    [InlineData("")]
    public void Rejects_an_unknown_status(string status)
    {
        Assert.Equal(["status"], ActivityValidator.Validate(ActivityContents.Minimal with { Status = status }).Keys);
    }

    [Theory]
    [InlineData("2026-01-15")]
    [InlineData("2024-02-29")]
    [InlineData("0001-01-01")]
    public void Accepts_a_real_calendar_date(string date)
    {
        Assert.Empty(ActivityValidator.Validate(ActivityContents.Minimal with { ScheduledDate = date }));
    }

    [Theory]
    [InlineData("2023-02-29")]
    [InlineData("2026-13-01")]
    [InlineData("2026-1-5")]
    [InlineData("2026-01-15T00:00:00Z")]
    [InlineData("15/01/2026")]
    [InlineData("\uFF12\uFF10\uFF12\uFF16-01-15")]
    [InlineData("2026-01-15\n")]
    [InlineData("")]
    public void Rejects_a_scheduled_date_that_is_not_a_strict_real_date(string date)
    {
        var errors = ActivityValidator.Validate(ActivityContents.Minimal with { ScheduledDate = date });

        Assert.Equal(["scheduled_date"], errors.Keys);
    }

    [Fact]
    public void Accepts_50_properties()
    {
        var content = ActivityContents.Minimal with { Properties = ManyProperties(50) };

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Fact]
    public void Rejects_more_than_50_properties()
    {
        var content = ActivityContents.Minimal with { Properties = ManyProperties(51) };

        Assert.Equal(["properties"], ActivityValidator.Validate(content).Keys);
    }

    [Theory]
    [InlineData("1key")]
    [InlineData("_key")]
    [InlineData("a-b")]
    [InlineData("")]
    [InlineData("key\n")]
    public void Rejects_a_malformed_property_key(string key)
    {
        var content = ActivityContents.Minimal with
        {
            Properties = new Dictionary<string, JsonElement> { [key] = Json.Parse("1") },
        };

        Assert.Equal(["properties"], ActivityValidator.Validate(content).Keys);
    }

    [Theory]
    [InlineData("\"text\"")]
    [InlineData("-12.5e3")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    public void Accepts_a_string_number_boolean_or_null_property_value(string value)
    {
        var content = ActivityContents.Minimal with { Properties = ActivityContents.Properties($$"""{"a_1": {{value}}}""") };

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("1e400")]
    [InlineData("\"\\ud800\"")]
    public void Rejects_an_object_array_unrepresentable_number_or_broken_string_property_value(string value)
    {
        var content = ActivityContents.Minimal with { Properties = ActivityContents.Properties($$"""{"a": {{value}}}""") };

        Assert.Equal(["properties"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Accepts_a_property_string_of_1000_characters()
    {
        var content = ActivityContents.Minimal with
        {
            Properties = ActivityContents.Properties($$"""{"a": "{{new string('p', 1000)}}"}"""),
        };

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Fact]
    public void Rejects_a_property_string_longer_than_1000_characters()
    {
        var content = ActivityContents.Minimal with
        {
            Properties = ActivityContents.Properties($$"""{"a": "{{new string('p', 1001)}}"}"""),
        };

        Assert.Equal(["properties"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Accepts_a_message_type_of_the_General_rows_without_an_activity_type()
    {
        var content = ActivityContents.Minimal with { MessageType = "text", Direction = "to_pivot" };

        Assert.Empty(ActivityValidator.Validate(content));
    }

    [Fact]
    public void Requires_a_direction_with_a_message_type()
    {
        var content = ActivityContents.Minimal with { MessageType = "text" };

        Assert.Equal(["direction"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Requires_a_message_type_with_a_direction()
    {
        var content = ActivityContents.Minimal with { Direction = "to_pivot" };

        Assert.Equal(["message_type"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Rejects_a_direction_outside_the_four_values()
    {
        var content = ActivityContents.Minimal with { MessageType = "text", Direction = "sideways" };

        Assert.Equal(["direction"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Rejects_a_combination_missing_from_the_catalog_naming_all_three_fields()
    {
        var content = ActivityContents.Minimal with
        {
            ActivityType = "Invoice",
            MessageType = "schedule_invitation",
            Direction = "pivot_to_client",
        };

        var errors = ActivityValidator.Validate(content);

        Assert.Equal(["message_type", "direction", "activity_type"], errors.Keys);
    }

    [Fact]
    public void Rejects_a_message_type_of_another_activity_type_when_none_is_set()
    {
        var content = ActivityContents.Minimal with { MessageType = "schedule_invitation", Direction = "pivot_to_client" };

        Assert.Equal(["message_type", "direction"], ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Reports_every_failing_field_at_once()
    {
        var content = new ActivityContent
        {
            Title = "",
            Slug = "Bad Slug",
            Status = "unknown",
            UserId = "a/b",
            Direction = "to_pivot",
        };

        var errors = ActivityValidator.Validate(content);

        Assert.Equal(["message_type", "slug", "status", "title", "user_id"], errors.Keys.Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, JsonElement> ManyProperties(int count) =>
        Enumerable.Range(0, count).ToDictionary(i => $"key{i}", i => Json.Parse("1"));

    private static ActivityContent WithIdentifier(string field, string value)
    {
        var content = ActivityContents.Minimal;
        return field switch
        {
            "user_id" => content with { UserId = value },
            "contact_id" => content with { ContactId = value },
            "visitor_id" => content with { VisitorId = value },
            "customer_id" => content with { CustomerId = value },
            "relation_id" => content with { RelationType = "note", RelationId = value },
            "external_id" => content with { ExternalId = value },
            "appt_number" => content with { ApptNumber = value },
            "customer_number" => content with { CustomerNumber = value },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not an identifier field."),
        };
    }
}
