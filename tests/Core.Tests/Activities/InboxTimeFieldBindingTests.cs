using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §10 owner times: seen_at and archived_at are set, cleared and refused like read_at, each under its own name.</summary>
public sealed class InboxTimeFieldBindingTests
{
    private const string TimeMessage = "Must be null or an RFC 3339 date-time with an offset, such as 2026-01-15T10:30:00Z.";

    private static readonly ActivityContent Marked = new()
    {
        Title = "t",
        SeenAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        ArchivedAt = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [InlineData("seen_at", "\"yesterday\"")]
    [InlineData("seen_at", "5")]
    [InlineData("archived_at", "\"2026-01-15\"")]
    [InlineData("archived_at", "true")]
    public void An_invalid_time_is_refused_under_its_own_name(string field, string value)
    {
        var result = ActivityJson.BindMergePatch(Marked, Json.Parse($$"""{"{{field}}": {{value}}}"""), ActivityFields.UserScopedPatchable);

        Assert.False(result.IsValid);
        Assert.Equal([TimeMessage], result.Errors[field]);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void Null_clears_seen_and_archived()
    {
        var result = ActivityJson.BindMergePatch(Marked, Json.Parse("""{"seen_at": null, "archived_at": null}"""), ActivityFields.UserScopedPatchable);

        Assert.True(result.IsValid);
        Assert.Null(result.Content!.SeenAt);
        Assert.Null(result.Content.ArchivedAt);
    }

    [Fact]
    public void Setting_one_keeps_the_other()
    {
        var result = ActivityJson.BindMergePatch(Marked, Json.Parse("""{"seen_at": "2026-01-15T10:30:00+01:00"}"""), ActivityFields.UserScopedPatchable);

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero), result.Content!.SeenAt);
        Assert.Equal(Marked.ArchivedAt, result.Content.ArchivedAt);
    }
}
