using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>The exact messages clients read in a problem's <c>errors</c>, rule by rule.</summary>
public sealed class ActivityValidatorMessageTests
{
    private const string CatalogMessage =
        "activity_type (General when null), message_type and direction must together be a row of the message-type catalog (GET /api/activity-message-types).";

    [Fact]
    public void Blank_title()
    {
        AssertErrors(ActivityContents.Minimal with { Title = " " }, ("title", ["Is required and must not be blank."]));
    }

    [Fact]
    public void Title_over_the_limit()
    {
        AssertErrors(ActivityContents.Minimal with { Title = new string('t', 201) }, ("title", ["Must be at most 200 characters after trimming."]));
    }

    [Fact]
    public void Description_over_the_limit()
    {
        AssertErrors(ActivityContents.Minimal with { Description = new string('d', 2001) }, ("description", ["Must be at most 2000 characters."]));
    }

    [Fact]
    public void Formatted_description_over_the_limit()
    {
        AssertErrors(ActivityContents.Minimal with { FormattedDescription = new string('f', 4001) }, ("formatted_description", ["Must be at most 4000 characters."]));
    }

    [Fact]
    public void Formatted_description_at_the_limit_is_accepted()
    {
        AssertErrors(ActivityContents.Minimal with { FormattedDescription = new string('f', 4000) });
    }

    [Theory]
    [InlineData("Order_Placed")]
    [InlineData("order__placed")]
    public void Slug_not_matching_the_pattern(string slug)
    {
        AssertErrors(ActivityContents.Minimal with { Slug = slug }, ("slug", [@"Must be at most 64 characters matching ^[a-z0-9]+([_-][a-z0-9]+)*\z."]));
    }

    [Fact]
    public void Slug_over_the_limit()
    {
        AssertErrors(ActivityContents.Minimal with { Slug = new string('s', 65) }, ("slug", [@"Must be at most 64 characters matching ^[a-z0-9]+([_-][a-z0-9]+)*\z."]));
    }

    [Fact]
    public void Slug_at_the_limit_is_accepted()
    {
        AssertErrors(ActivityContents.Minimal with { Slug = new string('s', 64) });
    }

    [Fact]
    public void Identifier_too_long()
    {
        AssertErrors(ActivityContents.Minimal with { ContactId = new string('c', 129) }, ("contact_id", ["Must be 1 to 128 characters."]));
    }

    [Fact]
    public void Identifier_empty()
    {
        AssertErrors(ActivityContents.Minimal with { VisitorId = "" }, ("visitor_id", ["Must be 1 to 128 characters."]));
    }

    [Fact]
    public void Identifiers_at_one_and_at_128_characters_are_accepted()
    {
        AssertErrors(ActivityContents.Minimal with { CustomerId = "c", ExternalId = new string('e', 128) });
    }

    [Fact]
    public void Identifier_with_a_control_character()
    {
        AssertErrors(ActivityContents.Minimal with { UserId = "u\u00071" }, ("user_id", ["Must not contain control characters."]));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    public void Identifier_with_a_forbidden_character(string value)
    {
        AssertErrors(ActivityContents.Minimal with { ApptNumber = value }, ("appt_number", ["Must not contain '/', '\\', '#' or '?'."]));
    }

    [Fact]
    public void Identifier_breaking_every_rule_gets_every_message_in_order()
    {
        AssertErrors(
            ActivityContents.Minimal with { CustomerNumber = "\n/" + new string('n', 127) },
            ("customer_number", ["Must be 1 to 128 characters.", "Must not contain control characters.", "Must not contain '/', '\\', '#' or '?'."]));
    }

    [Fact]
    public void Each_identifier_field_is_checked_under_its_own_name()
    {
        var tooLong = new string('x', 129);
        var content = ActivityContents.Minimal with
        {
            UserId = tooLong,
            ContactId = tooLong,
            VisitorId = tooLong,
            CustomerId = tooLong,
            RelationType = "product",
            RelationId = tooLong,
            ExternalId = tooLong,
            ApptNumber = tooLong,
            CustomerNumber = tooLong,
        };

        Assert.Equal(
            ["user_id", "contact_id", "visitor_id", "customer_id", "relation_id", "external_id", "appt_number", "customer_number"],
            ActivityValidator.Validate(content).Keys);
    }

    [Fact]
    public void Unknown_relation_type()
    {
        AssertErrors(
            ActivityContents.Minimal with { RelationType = "invoice", RelationId = "1" },
            ("relation_type", ["Must be one of: media, library, event, task, contact, note, product, page."]));
    }

    [Fact]
    public void Relation_type_without_relation_id()
    {
        AssertErrors(ActivityContents.Minimal with { RelationType = "task" }, ("relation_id", ["Is required when relation_type is set."]));
    }

    [Fact]
    public void Relation_id_without_relation_type()
    {
        AssertErrors(ActivityContents.Minimal with { RelationId = "1" }, ("relation_id", ["Must not be set without relation_type."]));
    }

    [Fact]
    public void Activity_type_not_matching_the_pattern()
    {
        AssertErrors(ActivityContents.Minimal with { ActivityType = "9Lives" }, ("activity_type", [@"Must match ^[A-Za-z][A-Za-z0-9]{0,63}\z."]));
    }

    [Fact]
    public void Unknown_status()
    {
        AssertErrors(
            ActivityContents.Minimal with { Status = "done" },
            ("status", ["Must be null or one of: pending, started, suspended, completed, notdone, cancelled."]));
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-2-3")]
    [InlineData("2026-02-03\n")]
    public void Scheduled_date_that_is_not_a_calendar_date(string date)
    {
        AssertErrors(ActivityContents.Minimal with { ScheduledDate = date }, ("scheduled_date", ["Must be a real calendar date written YYYY-MM-DD."]));
    }

    [Fact]
    public void Direction_without_message_type()
    {
        AssertErrors(ActivityContents.Minimal with { Direction = "to_client" }, ("message_type", ["Is required when direction is set."]));
    }

    [Fact]
    public void Message_type_without_direction()
    {
        AssertErrors(ActivityContents.Minimal with { MessageType = "schedule_invitation" }, ("direction", ["Is required when message_type is set."]));
    }

    [Fact]
    public void Unknown_direction()
    {
        AssertErrors(
            ActivityContents.Minimal with { MessageType = "schedule_invitation", Direction = "sideways" },
            ("direction", ["Must be one of: pivot_to_client, client_to_pivot, to_pivot, to_client."]));
    }

    [Fact]
    public void Triple_outside_the_catalog_names_all_three_fields()
    {
        AssertErrors(
            ActivityContents.Minimal with { ActivityType = "Meeting", MessageType = "no_such_type", Direction = "to_client" },
            ("message_type", [CatalogMessage]),
            ("direction", [CatalogMessage]),
            ("activity_type", [CatalogMessage]));
    }

    [Fact]
    public void Pair_outside_the_catalog_without_activity_type_names_two_fields()
    {
        AssertErrors(
            ActivityContents.Minimal with { MessageType = "no_such_type", Direction = "to_client" },
            ("message_type", [CatalogMessage]),
            ("direction", [CatalogMessage]));
    }

    [Fact]
    public void Malformed_activity_type_skips_the_catalog_look_up()
    {
        AssertErrors(
            ActivityContents.Minimal with { ActivityType = "9Lives", MessageType = "no_such_type", Direction = "to_client" },
            ("activity_type", [@"Must match ^[A-Za-z][A-Za-z0-9]{0,63}\z."]));
    }

    [Fact]
    public void Too_many_properties()
    {
        var properties = Enumerable.Range(0, 51).ToDictionary(i => $"p{i}", _ => JsonSerializer.SerializeToElement(1));

        AssertErrors(ActivityContents.Minimal with { Properties = properties }, ("properties", ["Must have at most 50 keys."]));
    }

    [Fact]
    public void Fifty_properties_are_accepted()
    {
        var properties = Enumerable.Range(0, 50).ToDictionary(i => $"p{i}", _ => JsonSerializer.SerializeToElement(1));

        AssertErrors(ActivityContents.Minimal with { Properties = properties });
    }

    [Fact]
    public void Property_key_not_matching_the_pattern_is_echoed()
    {
        AssertErrors(
            ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"1st": true}""") },
            ("properties", ["Key '1st' must match ^[A-Za-z][A-Za-z0-9_]{0,63}\\z."]));
    }

    [Fact]
    public void Property_key_of_64_characters_is_echoed_whole()
    {
        var key = "_" + new string('k', 63);

        AssertErrors(
            ActivityContents.Minimal with { Properties = new Dictionary<string, JsonElement> { [key] = JsonSerializer.SerializeToElement(1) } },
            ("properties", [$"Key '{key}' must match ^[A-Za-z][A-Za-z0-9_]{{0,63}}\\z."]));
    }

    [Fact]
    public void Over_long_property_key_is_echoed_cut_at_64_characters()
    {
        var key = "k" + new string('x', 63) + "TAIL";

        AssertErrors(
            ActivityContents.Minimal with { Properties = new Dictionary<string, JsonElement> { [key] = JsonSerializer.SerializeToElement(1) } },
            ("properties", [$"Key '{key[..64]}…' must match ^[A-Za-z][A-Za-z0-9_]{{0,63}}\\z."]));
    }

    [Fact]
    public void Property_string_over_the_limit()
    {
        var properties = new Dictionary<string, JsonElement> { ["note"] = JsonSerializer.SerializeToElement(new string('n', 1001)) };

        AssertErrors(ActivityContents.Minimal with { Properties = properties }, ("properties", ["Key 'note': a string value must be at most 1000 characters."]));
    }

    [Fact]
    public void Property_string_at_the_limit_is_accepted()
    {
        var properties = new Dictionary<string, JsonElement> { ["note"] = JsonSerializer.SerializeToElement(new string('n', 1000)) };

        AssertErrors(ActivityContents.Minimal with { Properties = properties });
    }

    [Fact]
    public void Property_string_with_a_lone_surrogate()
    {
        AssertErrors(
            ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"note": "\ud800"}""") },
            ("properties", ["Key 'note': the string is not valid Unicode text."]));
    }

    [Fact]
    public void Property_number_out_of_range()
    {
        AssertErrors(
            ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"amount": 1e400}""") },
            ("properties", ["Key 'amount': the number is out of range."]));
    }

    [Theory]
    [InlineData("""{"nested": {"a": 1}}""")]
    [InlineData("""{"nested": [1]}""")]
    public void Property_value_that_is_not_a_scalar(string properties)
    {
        AssertErrors(
            ActivityContents.Minimal with { Properties = ActivityContents.Properties(properties) },
            ("properties", ["Key 'nested': the value must be a string, number, boolean or null."]));
    }

    [Fact]
    public void Property_scalars_are_accepted()
    {
        AssertErrors(ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"s": "x", "n": 1.5, "t": true, "f": false, "z": null}""") });
    }

    [Fact]
    public void Bad_key_and_bad_value_give_two_messages_in_order()
    {
        AssertErrors(
            ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"_x": [1]}""") },
            ("properties", ["Key '_x' must match ^[A-Za-z][A-Za-z0-9_]{0,63}\\z.", "Key '_x': the value must be a string, number, boolean or null."]));
    }

    [Fact]
    public void Null_properties_are_no_error()
    {
        AssertErrors(ActivityContents.Minimal with { Properties = null! });
    }

    [Fact]
    public void Null_content_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => ActivityValidator.Validate(null!));
    }

    private static void AssertErrors(ActivityContent content, params (string Field, string[] Messages)[] expected)
    {
        var errors = ActivityValidator.Validate(content);

        Assert.Equal(
            JsonSerializer.Serialize(expected.ToDictionary(e => e.Field, e => e.Messages)),
            JsonSerializer.Serialize(errors));
    }
}
