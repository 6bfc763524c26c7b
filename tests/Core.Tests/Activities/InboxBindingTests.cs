using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §10 input rules that need no storage: owner-only fields, bulk bodies and preferences.</summary>
public sealed class InboxBindingTests
{
    [Theory]
    [InlineData("seen_at")]
    [InlineData("archived_at")]
    public void Company_routes_refuse_owner_only_fields(string field)
    {
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["title"] = "t", [field] = "2026-01-15T10:30:00Z" });

        var result = ActivityJson.BindCreate(body);

        Assert.False(result.IsValid);
        Assert.True(result.Errors.ContainsKey(field));
    }

    [Fact]
    public void The_owner_may_patch_seen_and_archived()
    {
        var patch = JsonSerializer.SerializeToElement(new { seen_at = "2026-01-15T10:30:00Z", archived_at = "2026-01-15T11:00:00Z" });

        var result = ActivityJson.BindMergePatch(new ActivityContent { Title = "t" }, patch, ActivityFields.UserScopedPatchable);

        Assert.True(result.IsValid);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero), result.Content!.SeenAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 11, 0, 0, TimeSpan.Zero), result.Content.ArchivedAt);
    }

    [Fact]
    public void Bulk_with_a_repeated_id_is_refused()
    {
        var (request, errors) = BulkRequest.Bind(JsonSerializer.SerializeToElement(new { ids = new[] { "a", "b", "a" }, set = new { read_at = (string?)null } }));

        Assert.Null(request);
        Assert.True(errors!.ContainsKey("ids"));
    }

    [Fact]
    public void Preferences_mute_by_type_and_optionally_message_type()
    {
        var preferences = new InboxPreferences([new MuteRule("Task", null), new MuteRule("Meeting", "schedule_invitation")], true);

        Assert.True(preferences.Mutes(new ActivityContent { Title = "t", ActivityType = "Task" }));
        Assert.True(preferences.Mutes(new ActivityContent { Title = "t", ActivityType = "Meeting", MessageType = "schedule_invitation" }));
        Assert.False(preferences.Mutes(new ActivityContent { Title = "t", ActivityType = "Meeting" }));
        Assert.False(preferences.PushesNew(new ActivityContent { Title = "t", ActivityType = "Task" }));
        Assert.False((preferences with { Push = false }).PushesNew(new ActivityContent { Title = "t", ActivityType = "Call" }));
        Assert.Equal(preferences.ToJson(), InboxPreferences.FromJson(preferences.ToJson()).ToJson());
    }
}
