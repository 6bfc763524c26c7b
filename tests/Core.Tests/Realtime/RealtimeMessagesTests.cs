using ActivityService.Core.Activities;
using ActivityService.Core.Realtime;

namespace ActivityService.Core.Tests.Realtime;

public sealed class RealtimeMessagesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Created_activity_goes_to_its_owner_and_the_tenants_admins()
    {
        var messages = RealtimeMessages.For(new ActivityChange(ActivityChangeKind.Created, Activity("u1"))).ToList();

        Assert.All(messages, message => Assert.Equal(RealtimeNames.ActivityCreated, message.Target));
        Assert.Equal(
            [new RealtimeAudience.User("acme", "u1"), new RealtimeAudience.CompanyAdmins("acme")],
            messages.Select(message => message.Audience));
        Assert.Equal("a1", messages[0].Arguments[0]["id"]!.GetValue<string>());
    }

    [Fact]
    public void Activity_without_owner_goes_to_admins_only()
    {
        var messages = RealtimeMessages.For(new ActivityChange(ActivityChangeKind.Updated, Activity(null))).ToList();

        Assert.Equal([new RealtimeAudience.CompanyAdmins("acme")], messages.Select(message => message.Audience));
    }

    [Fact]
    public void Reassigned_activity_is_deleted_from_the_previous_owners_feed()
    {
        var messages = RealtimeMessages.For(new ActivityChange(ActivityChangeKind.Updated, Activity("u2"), PreviousUserId: "u1")).ToList();

        var toPrevious = Assert.Single(messages, message => message.Audience == new RealtimeAudience.User("acme", "u1"));
        Assert.Equal(RealtimeNames.ActivityDeleted, toPrevious.Target);
        Assert.Equal("""{"id":"a1"}""", toPrevious.Arguments[0].ToJsonString());
        Assert.Contains(messages, message => message.Target == RealtimeNames.ActivityUpdated && message.Audience == new RealtimeAudience.User("acme", "u2"));
    }

    [Fact]
    public void Deleted_activity_carries_only_its_id()
    {
        var messages = RealtimeMessages.For(new ActivityChange(ActivityChangeKind.Deleted, Activity("u1"))).ToList();

        Assert.All(messages, message => Assert.Equal("""{"id":"a1"}""", message.Arguments[0].ToJsonString()));
        Assert.All(messages, message => Assert.Equal(RealtimeNames.ActivityDeleted, message.Target));
    }

    [Fact]
    public void Realtime_user_ids_are_tenant_qualified()
    {
        Assert.NotEqual(RealtimeNames.UserId("acme", "u1"), RealtimeNames.UserId("globex", "u1"));
        Assert.Equal("acme:u1", RealtimeNames.UserId("acme", "u1"));
    }

    [Theory]
    [InlineData("x", "a:b", "x:a", "b")]
    [InlineData("x", "a%3Ab", "x", "a:b")]
    [InlineData("x%3Aa", "b", "x:a", "b")]
    [InlineData("x", "a:b:c", "x:a:b", "c")]
    public void Realtime_user_ids_are_injective(string companyA, string userA, string companyB, string userB)
    {
        Assert.NotEqual(RealtimeNames.UserId(companyA, userA), RealtimeNames.UserId(companyB, userB));
    }

    private static Activity Activity(string? userId) => new()
    {
        Id = "a1",
        CompanyId = "acme",
        Content = new ActivityContent { Title = "t", UserId = userId },
        CreatedAt = Now,
        UpdatedAt = Now,
        Version = 1,
    };
}
