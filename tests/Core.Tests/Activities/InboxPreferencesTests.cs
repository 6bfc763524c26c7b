using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §10 preferences: which activities a rule mutes, the PUT body's rules and messages, the stored form.</summary>
public sealed class InboxPreferencesTests
{
    private static readonly ActivityContent Untyped = new() { Title = "t" };

    [Fact]
    public void Default_mutes_nothing_and_pushes()
    {
        Assert.Empty(InboxPreferences.Default.Muted);
        Assert.True(InboxPreferences.Default.Push);
        Assert.True(InboxPreferences.Default.PushesNew(Untyped));
    }

    [Fact]
    public void An_activity_without_a_type_is_muted_as_General()
    {
        var preferences = new InboxPreferences([new MuteRule("General", null)], true);

        Assert.True(preferences.Mutes(Untyped));
        Assert.False(preferences.PushesNew(Untyped));
        Assert.False(preferences.Mutes(Untyped with { ActivityType = "Task" }));
    }

    [Fact]
    public void A_rule_with_a_message_type_mutes_only_that_message_type()
    {
        var preferences = new InboxPreferences([new MuteRule("Meeting", "schedule_invitation")], true);
        var meeting = Untyped with { ActivityType = "Meeting" };

        Assert.True(preferences.Mutes(meeting with { MessageType = "schedule_invitation" }));
        Assert.False(preferences.Mutes(meeting with { MessageType = "other" }));
        Assert.False(preferences.Mutes(Untyped with { ActivityType = "Task", MessageType = "schedule_invitation" }));
    }

    [Fact]
    public void Types_are_compared_case_sensitively()
    {
        var preferences = new InboxPreferences([new MuteRule("Task", null), new MuteRule("Meeting", "schedule_invitation")], true);

        Assert.False(preferences.Mutes(Untyped with { ActivityType = "task" }));
        Assert.False(preferences.Mutes(Untyped with { ActivityType = "Meeting", MessageType = "Schedule_invitation" }));
    }

    [Fact]
    public void Push_on_and_not_muted_pushes_new()
    {
        var preferences = new InboxPreferences([new MuteRule("Task", null)], true);

        Assert.True(preferences.PushesNew(Untyped with { ActivityType = "Call" }));
        Assert.False((preferences with { Push = false }).PushesNew(Untyped with { ActivityType = "Call" }));
    }

    [Fact]
    public void Mutes_refuses_null_content()
    {
        Assert.Throws<ArgumentNullException>(() => InboxPreferences.Default.Mutes(null!));
    }

    [Fact]
    public void A_valid_body_binds_rules_without_duplicates_and_push()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""
            {"muted": [{"activity_type": "Task"}, {"activity_type": "Meeting", "message_type": "schedule_invitation"},
                       {"activity_type": "Task", "message_type": null}], "push": false}
            """));

        Assert.Null(errors);
        Assert.Equal([new MuteRule("Task", null), new MuteRule("Meeting", "schedule_invitation")], preferences!.Muted);
        Assert.False(preferences.Push);
    }

    [Fact]
    public void An_empty_body_binds_the_default()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("{}"));

        Assert.Null(errors);
        Assert.Empty(preferences!.Muted);
        Assert.True(preferences.Push);
    }

    [Fact]
    public void Push_true_binds_true()
    {
        var (preferences, _) = InboxPreferences.Bind(Json.Parse("""{"push": true}"""));

        Assert.True(preferences!.Push);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    public void A_body_that_is_not_an_object_is_refused(string json)
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse(json));

        Assert.Null(preferences);
        Assert.Equal(["The body must be a JSON object."], errors!["$"]);
        Assert.Single(errors);
    }

    [Fact]
    public void A_repeated_member_is_refused()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"push": true, "push": false}"""));

        Assert.Null(preferences);
        Assert.Equal(["Appears more than once in the body."], errors!["push"]);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"true\"")]
    [InlineData("null")]
    public void Push_that_is_not_a_boolean_is_refused(string value)
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse($$$"""{"push": {{{value}}}}"""));

        Assert.Null(preferences);
        Assert.Equal(["Must be true or false."], errors!["push"]);
    }

    [Fact]
    public void An_unknown_member_is_refused()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"email": true}"""));

        Assert.Null(preferences);
        Assert.Equal(["Is not a preference; use muted and push."], errors!["email"]);
    }

    [Fact]
    public void Muted_that_is_not_an_array_is_refused()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"muted": {"activity_type": "Task"}}"""));

        Assert.Null(preferences);
        Assert.Equal(["Must be an array of rules."], errors!["muted"]);
    }

    [Fact]
    public void Exactly_the_maximum_number_of_rules_is_accepted()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse(MutedOf(InboxPreferences.MaxRules)));

        Assert.Null(errors);
        Assert.Single(preferences!.Muted);
    }

    [Fact]
    public void One_rule_over_the_maximum_is_refused()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse(MutedOf(InboxPreferences.MaxRules + 1)));

        Assert.Null(preferences);
        Assert.Equal(["At most 100 rules."], errors!["muted"]);
        Assert.Single(errors);
    }

    [Fact]
    public void A_rule_that_is_not_an_object_is_refused_by_its_index()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"muted": [{"activity_type": "Task"}, "Task", 1]}"""));

        Assert.Null(preferences);
        Assert.Equal(["Must be an object with activity_type and optionally message_type."], errors!["muted[1]"]);
        Assert.Equal(["Must be an object with activity_type and optionally message_type."], errors["muted[2]"]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void A_repeated_rule_field_is_refused()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"muted": [{"activity_type": "Task", "activity_type": "Call"}]}"""));

        Assert.Null(preferences);
        Assert.Equal(["Appears more than once."], errors!["muted[0].activity_type"]);
        Assert.Single(errors);
    }

    [Fact]
    public void An_unknown_rule_field_is_refused()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"muted": [{"activity_type": "Task", "owner": "x"}]}"""));

        Assert.Null(preferences);
        Assert.Equal(["Is not a field of a rule; use activity_type and message_type."], errors!["muted[0].owner"]);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("""{"activity_type": "Task", "message_type": 5}""", "muted[0].message_type")]
    [InlineData("""{"activity_type": "Task", "message_type": "\ud800"}""", "muted[0].message_type")]
    public void A_rule_field_that_is_not_a_string_is_refused(string rule, string key)
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse($$"""{"muted": [{{rule}}]}"""));

        Assert.Null(preferences);
        Assert.Equal(["Must be a string."], errors![key]);
        Assert.Single(errors);
    }

    [Fact]
    public void A_null_activity_type_is_refused_as_not_a_string_and_missing()
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse("""{"muted": [{"activity_type": null}]}"""));

        Assert.Null(preferences);
        Assert.Equal(["Must be a string.", "Is required and must match ^[A-Za-z][A-Za-z0-9]{0,63}$."], errors!["muted[0].activity_type"]);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"message_type": "schedule_invitation"}""")]
    [InlineData("""{"activity_type": "1Task"}""")]
    [InlineData("""{"activity_type": ""}""")]
    public void A_rule_without_a_valid_activity_type_is_refused(string rule)
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse($$"""{"muted": [{{rule}}]}"""));

        Assert.Null(preferences);
        Assert.Equal(["Is required and must match ^[A-Za-z][A-Za-z0-9]{0,63}$."], errors!["muted[0].activity_type"]);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("Task", "schedule_invitation")]
    [InlineData("Meeting", "Schedule_invitation")]
    [InlineData("Meeting", "no_such_type")]
    public void A_message_type_outside_the_catalog_for_its_activity_type_is_refused(string activityType, string messageType)
    {
        var (preferences, errors) = InboxPreferences.Bind(Json.Parse($$"""{"muted": [{"activity_type": "{{activityType}}", "message_type": "{{messageType}}"}]}"""));

        Assert.Null(preferences);
        Assert.Equal(
            ["Must be a message type of this activity type in the catalog (GET /api/activity-message-types)."],
            errors!["muted[0].message_type"]);
        Assert.Single(errors);
    }

    [Fact]
    public void The_stored_form_lists_rules_and_push()
    {
        var preferences = new InboxPreferences([new MuteRule("Task", null), new MuteRule("Meeting", "schedule_invitation")], false);

        Assert.Equal(
            """{"muted":[{"activity_type":"Task"},{"activity_type":"Meeting","message_type":"schedule_invitation"}],"push":false}""",
            preferences.ToJson());
    }

    [Fact]
    public void The_stored_form_reads_back_equal()
    {
        var stored = """{"muted":[{"activity_type":"Task"},{"activity_type":"Meeting","message_type":"schedule_invitation"}],"push":false}""";

        var preferences = InboxPreferences.FromJson(stored);

        Assert.Equal([new MuteRule("Task", null), new MuteRule("Meeting", "schedule_invitation")], preferences.Muted);
        Assert.False(preferences.Push);
    }

    [Fact]
    public void Nothing_stored_reads_as_the_default()
    {
        Assert.Same(InboxPreferences.Default, InboxPreferences.FromJson(null));
    }

    [Fact]
    public void WriteTo_refuses_a_null_writer()
    {
        Assert.Throws<ArgumentNullException>(() => InboxPreferences.Default.WriteTo(null!));
    }

    private static string MutedOf(int count) =>
        JsonSerializer.Serialize(new { muted = Enumerable.Repeat(new { activity_type = "Task" }, count) });
}
