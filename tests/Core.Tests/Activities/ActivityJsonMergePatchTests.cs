using ActivityService.Core.Activities;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityJsonMergePatchTests
{
    private static readonly ActivityContent Current = ActivityContents.Full;

    [Fact]
    public void Returns_the_current_content_for_an_empty_patch()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("{}"));

        Assert.Same(Current, result.Content);
    }

    [Fact]
    public void Replaces_a_named_field_and_keeps_the_others()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"status": "completed", "title": " Done "}"""));

        Assert.Equal(Current with { Status = "completed", Title = "Done" }, result.Content);
    }

    [Fact]
    public void Clears_a_field_set_to_null()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"contact_id": null, "read_at": null}"""));

        Assert.Equal(Current with { ContactId = null, ReadAt = null }, result.Content);
    }

    [Fact]
    public void Rejects_removing_the_title()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"title": null}"""));

        Assert.Equal(["title"], result.Errors.Keys);
    }

    [Fact]
    public void Merges_properties_key_by_key()
    {
        var patch = Json.Parse("""{"properties": {"amount": 175, "note": "gift", "paid": null, "tip": 5}}""");

        var result = ActivityJson.BindMergePatch(Current, patch);

        var properties = result.Content!.Properties;
        Assert.Equal(["amount", "currency", "note", "tip"], properties.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(175, properties["amount"].GetInt32());
        Assert.Equal("USD", properties["currency"].GetString());
        Assert.Equal("gift", properties["note"].GetString());
        Assert.Equal(5, properties["tip"].GetInt32());
    }

    [Fact]
    public void Removes_every_property_when_properties_is_null()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"properties": null}"""));

        Assert.Empty(result.Content!.Properties);
    }

    [Fact]
    public void Rejects_a_property_value_that_is_an_object()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"properties": {"nested": {"a": 1}}}"""));

        Assert.Equal(["properties"], result.Errors.Keys);
    }

    [Fact]
    public void Rejects_a_patch_that_would_exceed_50_properties()
    {
        var added = string.Join(", ", Enumerable.Range(0, 47).Select(i => $"\"k{i}\": {i}"));

        var result = ActivityJson.BindMergePatch(Current, Json.Parse("{\"properties\": {" + added + "}}"));

        Assert.Equal(["properties"], result.Errors.Keys);
    }

    [Fact]
    public void Validates_the_merged_content_across_fields()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"relation_type": null}"""));

        Assert.Equal(["relation_id"], result.Errors.Keys);
    }

    [Fact]
    public void Rejects_a_message_type_that_does_not_fit_the_current_activity_type()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""{"message_type": "payment_received"}"""));

        Assert.Equal(["message_type", "direction", "activity_type"], result.Errors.Keys);
    }

    [Fact]
    public void Accepts_changing_the_catalog_triple_together()
    {
        var patch = Json.Parse("""{"activity_type": null, "message_type": "text", "direction": "to_pivot"}""");

        var result = ActivityJson.BindMergePatch(Current, patch);

        Assert.Equal(Current with { ActivityType = null, MessageType = "text", Direction = "to_pivot" }, result.Content);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("version")]
    public void Rejects_a_read_only_field(string field)
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse($$"""{"{{field}}": "x"}"""));

        Assert.Contains("read-only", result.Errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_patch_that_is_not_an_object()
    {
        var result = ActivityJson.BindMergePatch(Current, Json.Parse("""[{"op": "replace"}]"""));

        Assert.Equal([ActivityJson.BodyErrorKey], result.Errors.Keys);
    }

    [Fact]
    public void Lets_the_user_scoped_patch_change_read_at()
    {
        var patch = Json.Parse("""{"read_at": "2026-02-01T08:00:00+01:00"}""");

        var result = ActivityJson.BindMergePatch(Current, patch, ActivityFields.UserScopedPatchable);

        Assert.Equal(new DateTimeOffset(2026, 2, 1, 7, 0, 0, TimeSpan.Zero), result.Content!.ReadAt);
    }

    [Fact]
    public void Rejects_any_other_field_in_the_user_scoped_patch()
    {
        var patch = Json.Parse("""{"read_at": null, "title": "mine now", "id": "x", "bogus": 1}""");

        var result = ActivityJson.BindMergePatch(Current, patch, ActivityFields.UserScopedPatchable);

        Assert.Equal(["title", "id", "bogus"], result.Errors.Keys);
        Assert.Contains("endpoint", result.Errors["title"][0], StringComparison.Ordinal);
        Assert.Contains("read-only", result.Errors["id"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Sanitizes_a_patched_formatted_description()
    {
        var patch = Json.Parse("""{"formatted_description": "<a href=\"javascript:alert(1)\">x</a>"}""");

        var result = ActivityJson.BindMergePatch(Current, patch);

        Assert.Equal("<a>x</a>", result.Content!.FormattedDescription);
    }

    [Fact]
    public void Leaves_a_stored_formatted_description_longer_than_the_input_limit_alone()
    {
        // Sanitizer output may be longer than the 4,000 characters it was made from.
        var stored = Current with { FormattedDescription = string.Concat(Enumerable.Repeat("&amp;", 1000)) };

        var result = ActivityJson.BindMergePatch(stored, Json.Parse("""{"status": "started"}"""));

        Assert.Equal(stored with { Status = "started" }, result.Content);
    }

    [Fact]
    public void Accepts_the_stored_formatted_description_sent_back_unchanged()
    {
        var markup = string.Concat(Enumerable.Repeat("&amp;", 1000));
        var stored = Current with { FormattedDescription = markup };
        var patch = new Dictionary<string, string> { ["formatted_description"] = markup, ["status"] = "started" };

        var result = ActivityJson.BindMergePatch(stored, System.Text.Json.JsonSerializer.SerializeToElement(patch));

        Assert.Equal(stored with { Status = "started" }, result.Content);
    }

    [Fact]
    public void Patching_with_an_empty_object_is_the_identity()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(ActivityContentGenerators.Valid().ToArbitrary(), content =>
        {
            var result = ActivityJson.BindMergePatch(content, Json.Parse("{}"));
            return result.IsValid && ReferenceEquals(result.Content, content);
        }));
    }
}
