using System.Text;
using System.Text.Json;
using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

/// <summary>Contract §6 poison checks: ambiguous or non-Unicode JSON, over-long actors and ids, with the reasons operators read.</summary>
public sealed class EventBodyChecksTests
{
    [Fact]
    public void A_clean_body_is_not_malformed()
    {
        Assert.Null(EventBodyChecks.Malformed(Parse("""{"a": {"b": [1, "x", {"c": null}]}, "d": true}""")));
    }

    [Fact]
    public void A_repeated_top_level_member_is_named()
    {
        Assert.Equal("'a' appears more than once.", EventBodyChecks.Malformed(Parse("""{"a": 1, "a": 2}""")));
    }

    [Fact]
    public void A_repeated_nested_member_is_named_by_its_path()
    {
        Assert.Equal("'a.b' appears more than once.", EventBodyChecks.Malformed(Parse("""{"a": {"b": 1, "b": 2}}""")));
    }

    [Fact]
    public void The_same_name_in_different_objects_is_not_repeated()
    {
        Assert.Null(EventBodyChecks.Malformed(Parse("""{"a": {"b": 1}, "c": {"b": 2}, "B": 3, "b": 4}""")));
    }

    [Fact]
    public void A_repeated_member_inside_an_array_is_named_by_index()
    {
        Assert.Equal("'a[1].b' appears more than once.", EventBodyChecks.Malformed(Parse("""{"a": [{"b": 1}, {"b": 1, "b": 2}]}""")));
    }

    [Fact]
    public void A_lone_surrogate_in_a_value_is_not_valid_Unicode()
    {
        Assert.Equal("'a.b' is not valid Unicode.", EventBodyChecks.Malformed(Parse("""{"a": {"b": "x\ud800"}}""")));
    }

    [Fact]
    public void A_lone_surrogate_in_an_array_item_is_named_by_index()
    {
        Assert.Equal("'a[2]' is not valid Unicode.", EventBodyChecks.Malformed(Parse("""{"a": ["x", "y", "\udc00"]}""")));
    }

    [Fact]
    public void A_lone_surrogate_in_a_member_name_names_its_parent()
    {
        Assert.Equal("A member name under 'a' is not valid Unicode.", EventBodyChecks.Malformed(Parse("""{"a": {"\ud800": 1}}""")));
        Assert.Equal("A member name under '' is not valid Unicode.", EventBodyChecks.Malformed(Parse("""{"\ud800": 1}""")));
    }

    [Fact]
    public void Invalid_UTF8_bytes_in_a_value_are_not_valid_Unicode()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"a": "xy"}""");
        bytes[8] = 0xFF;
        using var document = JsonDocument.Parse(bytes);

        Assert.Equal("'a' is not valid Unicode.", EventBodyChecks.Malformed(document.RootElement));
    }

    [Fact]
    public void A_surrogate_pair_is_valid_Unicode()
    {
        Assert.Null(EventBodyChecks.Malformed(Parse("""{"a": "\ud83d\ude00", "\ud83d\ude00": 1}""")));
    }

    [Fact]
    public void The_first_problem_is_reported()
    {
        Assert.Equal("'a' appears more than once.", EventBodyChecks.Malformed(Parse("""{"a": 1, "a": "\ud800", "b": 1, "b": 2}""")));
        Assert.Equal("'x[0]' is not valid Unicode.", EventBodyChecks.Malformed(Parse("""{"x": ["\ud800", "\ud800"], "a": 1, "a": 2}""")));
    }

    [Fact]
    public void A_path_of_64_characters_is_shown_whole()
    {
        var name = new string('n', 64);

        Assert.Equal($"'{name}' appears more than once.", EventBodyChecks.Malformed(Parse($$"""{"{{name}}": 1, "{{name}}": 2}""")));
    }

    [Fact]
    public void A_longer_path_is_shown_cut_at_64_characters()
    {
        var name = new string('n', 65);

        Assert.Equal($"'{name[..64]}…' appears more than once.", EventBodyChecks.Malformed(Parse($$"""{"{{name}}": 1, "{{name}}": 2}""")));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("applicationId")]
    public void An_actor_of_the_maximum_length_is_within_limits(string name)
    {
        Assert.Null(EventBodyChecks.OverLimit(Body(name, new string('u', EventBodyChecks.MaxActorChars))));
    }

    [Theory]
    [InlineData("user")]
    [InlineData("applicationId")]
    public void An_actor_one_over_the_maximum_is_over_the_limit(string name)
    {
        Assert.Equal(
            $"'{name}' is longer than 256 characters.",
            EventBodyChecks.OverLimit(Body(name, new string('u', EventBodyChecks.MaxActorChars + 1))));
    }

    [Fact]
    public void An_actor_that_is_not_a_string_is_left_to_the_parser()
    {
        Assert.Null(EventBodyChecks.OverLimit(Parse("""{"user": 1, "applicationId": null}""")));
    }

    [Theory]
    [InlineData("activityDetails", "activityId")]
    [InlineData("activityDetails", "resourceId")]
    [InlineData("activityChanges", "resourceId")]
    public void An_id_of_the_longest_escaped_length_is_within_limits(string section, string key)
    {
        Assert.Null(EventBodyChecks.OverLimit(Id(section, key, new string('a', EventBodyChecks.MaxEscapedIdChars))));
    }

    [Theory]
    [InlineData("activityDetails", "activityId")]
    [InlineData("activityDetails", "resourceId")]
    [InlineData("activityChanges", "resourceId")]
    public void An_id_one_over_the_longest_escaped_length_is_too_long(string section, string key)
    {
        Assert.Equal(
            $"'{section}.{key}' is too long to be stored as a key.",
            EventBodyChecks.OverLimit(Id(section, key, new string('a', EventBodyChecks.MaxEscapedIdChars + 1))));
    }

    [Fact]
    public void An_id_is_measured_escaped()
    {
        // '/' escapes to three characters: 146 of them are 438, 147 are 441.
        Assert.Null(EventBodyChecks.OverLimit(Id("activityDetails", "activityId", new string('/', 146))));
        Assert.Equal(
            "'activityDetails.activityId' is too long to be stored as a key.",
            EventBodyChecks.OverLimit(Id("activityDetails", "activityId", new string('/', 147))));
    }

    [Fact]
    public void Ids_in_other_shapes_are_left_to_the_parser()
    {
        Assert.Null(EventBodyChecks.OverLimit(Parse("""{"activityDetails": "x", "activityChanges": {"resourceId": 5}}""")));
        Assert.Null(EventBodyChecks.OverLimit(Parse("""{"activityDetails": {"activityId": null}}""")));
    }

    [Fact]
    public void Actors_are_checked_before_ids()
    {
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["activityDetails"] = new Dictionary<string, string> { ["activityId"] = new string('a', 441) },
            ["applicationId"] = new string('u', 257),
        });

        Assert.Equal("'applicationId' is longer than 256 characters.", EventBodyChecks.OverLimit(body));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement Body(string name, string value) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { [name] = value });

    private static JsonElement Id(string section, string key, string id) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object> { [section] = new Dictionary<string, string> { [key] = id } });
}
