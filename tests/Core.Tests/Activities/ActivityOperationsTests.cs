using System.Security.Cryptography;
using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Realtime;
using Moq;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityOperationsTests
{
    private const string Tenant = "acme";
    private static readonly Caller Staff = new(Tenant, "u1", CallerRole.Staff);
    private static readonly Caller Admin = new(Tenant, "boss", CallerRole.Admin);

    private readonly Mock<IActivityStore> _store = new(MockBehavior.Strict);
    private readonly Mock<IRealtimePublisher> _publisher = new(MockBehavior.Strict);
    private readonly List<RealtimeMessage> _published = [];
    private readonly ActivityOperations _operations;

    public ActivityOperationsTests()
    {
        _publisher
            .Setup(publisher => publisher.PublishAsync(It.IsAny<IReadOnlyList<RealtimeMessage>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<RealtimeMessage>, CancellationToken>((messages, _) => _published.AddRange(messages))
            .Returns(Task.CompletedTask);
        _store.Setup(store => store.GetUnreadCountAsync(Tenant, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(3);
        _store.Setup(store => store.GetInboxCountsAsync(Tenant, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new InboxCounts(3, 3, InboxPreferences.Default));
        _operations = new ActivityOperations(_store.Object, new ActivityNotifier(_store.Object, _publisher.Object));
    }

    [Fact]
    public async Task Create_with_an_invalid_body_returns_the_errors_and_stores_nothing()
    {
        var outcome = await _operations.CreateAsync(Staff, Json.Parse("""{"title": ""}"""), null, CancellationToken.None);

        Assert.Equal(WriteStatus.Invalid, outcome.Status);
        Assert.Null(outcome.Activity);
        Assert.Contains("title", outcome.Errors!.Keys);
        _store.Verify(store => store.CreateAsync(It.IsAny<string>(), It.IsAny<NewActivity>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Create_stores_the_bound_content_for_the_callers_tenant_and_announces_it()
    {
        NewActivity? stored = null;
        var created = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u2" });
        _store.Setup(store => store.CreateAsync(Tenant, It.IsAny<NewActivity>(), It.IsAny<CancellationToken>()))
            .Callback<string, NewActivity, CancellationToken>((_, activity, _) => stored = activity)
            .ReturnsAsync(new CreateOutcome(WriteStatus.Done, created));

        var outcome = await _operations.CreateAsync(Staff, Json.Parse("""{"title": "New order placed", "user_id": "u2"}"""), null, CancellationToken.None);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Same(created, outcome.Activity);
        Assert.Equal("New order placed", stored!.Content.Title);
        Assert.Equal("u2", stored.Content.UserId);
        Assert.Equal(ChangeContext.Api("u1"), stored.Context);
        Assert.Null(stored.Idempotency);
        Assert.Equal(
            [RealtimeNames.ActivityCreated, RealtimeNames.ActivityCreated, RealtimeNames.UnreadCount],
            _published.Select(message => message.Target));
        Assert.Equal(new RealtimeAudience.User(Tenant, "u2"), _published[2].Audience);
    }

    [Fact]
    public async Task Create_with_an_idempotency_key_scopes_it_to_the_caller_and_fingerprints_the_body()
    {
        var body = Json.Parse("""{"title": "New order placed"}""");
        NewActivity? stored = null;
        _store.Setup(store => store.CreateAsync(Tenant, It.IsAny<NewActivity>(), It.IsAny<CancellationToken>()))
            .Callback<string, NewActivity, CancellationToken>((_, activity, _) => stored = activity)
            .ReturnsAsync(new CreateOutcome(WriteStatus.Replayed, ActivityContents.Stored(ActivityContents.Minimal)));
        var current = ActivityContents.Stored(ActivityContents.Minimal);
        _store.Setup(store => store.GetAsync(Tenant, current.Id, null, It.IsAny<CancellationToken>())).ReturnsAsync(current);

        var outcome = await _operations.CreateAsync(Staff, body, "key-1", CancellationToken.None);

        Assert.Equal(WriteStatus.Replayed, outcome.Status);
        var expectedHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));
        Assert.Equal(new IdempotencyKey("u1", "key-1", expectedHash), stored!.Idempotency);
        // The first attempt may have failed before its push: a replay pushes the current state again.
        Assert.Contains(_published, message => message.Target == RealtimeNames.ActivityCreated);
    }

    [Fact]
    public async Task Create_refuses_a_missing_caller()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.CreateAsync(null!, Json.Parse("{}"), null, CancellationToken.None));
    }

    [Theory]
    [InlineData(Scope.Own, "u1")]
    [InlineData(Scope.Company, null)]
    public async Task Get_limits_the_owner_only_on_own_routes(Scope scope, string? owner)
    {
        var activity = ActivityContents.Stored(ActivityContents.Minimal);
        _store.Setup(store => store.GetAsync(Tenant, "a1", owner, It.IsAny<CancellationToken>())).ReturnsAsync(activity);

        Assert.Same(activity, await _operations.GetAsync(Staff, "a1", scope, CancellationToken.None));
    }

    [Fact]
    public async Task Patch_applies_the_merge_patch_to_the_current_content_and_announces_a_reassignment()
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" });
        ActivityEdit? edit = null;
        EditResult? result = null;
        _store.Setup(store => store.UpdateAsync(Tenant, "a1", It.IsAny<ActivityEdit>(), ChangeContext.Api("boss"), It.IsAny<CancellationToken>()))
            .Callback<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) => (edit, result) = (e, e.Apply(current)))
            .ReturnsAsync(() => new UpdateOutcome(WriteStatus.Done, current with { Content = result!.Content!, Version = 2 }));

        var outcome = await _operations.PatchAsync(Admin, "a1", Json.Parse("""{"user_id": "u2"}"""), 1, Scope.Company, CancellationToken.None);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Equal(new ActivityPrecondition(null, 1), edit!.Precondition);
        Assert.Equal("u2", result!.Content!.UserId);
        Assert.Equal("New order placed", result.Content.Title);
        Assert.Equal(
            [RealtimeNames.ActivityUpdated, RealtimeNames.ActivityUpdated, RealtimeNames.ActivityDeleted, RealtimeNames.UnreadCount, RealtimeNames.UnreadCount],
            _published.Select(message => message.Target));
        Assert.Equal(new RealtimeAudience.User(Tenant, "u1"), _published[2].Audience);
        Assert.Equal(
            [new RealtimeAudience.User(Tenant, "u2"), new RealtimeAudience.User(Tenant, "u1")],
            _published.Skip(3).Select(message => message.Audience));
    }

    [Fact]
    public async Task Patch_that_changes_nothing_announces_nothing()
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal);
        _store.Setup(store => store.UpdateAsync(Tenant, "a1", It.IsAny<ActivityEdit>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) => e.Apply(current))
            .ReturnsAsync(new UpdateOutcome(WriteStatus.Done, current));

        var outcome = await _operations.PatchAsync(Admin, "a1", Json.Parse("""{"title": "New order placed"}"""), null, Scope.Company, CancellationToken.None);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Patch_that_the_store_refuses_announces_nothing()
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal);
        _store.Setup(store => store.UpdateAsync(Tenant, "a1", It.IsAny<ActivityEdit>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) => e.Apply(current))
            .ReturnsAsync(new UpdateOutcome(WriteStatus.VersionMismatch, current with { Version = 7 }));

        var outcome = await _operations.PatchAsync(Admin, "a1", Json.Parse("""{"title": "Other"}"""), 3, Scope.Company, CancellationToken.None);

        Assert.Equal(WriteStatus.VersionMismatch, outcome.Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Patch_on_own_routes_may_only_name_read_at()
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" });
        ActivityEdit? edit = null;
        EditResult? result = null;
        _store.Setup(store => store.UpdateAsync(Tenant, "a1", It.IsAny<ActivityEdit>(), ChangeContext.Api("u1"), It.IsAny<CancellationToken>()))
            .Callback<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) => (edit, result) = (e, e.Apply(current)))
            .ReturnsAsync(() => new UpdateOutcome(WriteStatus.Invalid, null, result!.Errors));

        var outcome = await _operations.PatchAsync(Staff, "a1", Json.Parse("""{"title": "Mine now"}"""), null, Scope.Own, CancellationToken.None);

        Assert.Equal(WriteStatus.Invalid, outcome.Status);
        Assert.Equal(new ActivityPrecondition("u1", null), edit!.Precondition);
        Assert.Null(result!.Content);
        Assert.Contains("title", result.Errors!.Keys);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Patch_on_own_routes_accepts_read_at()
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" });
        EditResult? result = null;
        _store.Setup(store => store.UpdateAsync(Tenant, "a1", It.IsAny<ActivityEdit>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) => result = e.Apply(current))
            .ReturnsAsync(() => new UpdateOutcome(WriteStatus.Done, current with { Content = result!.Content!, Version = 2 }));

        await _operations.PatchAsync(Staff, "a1", Json.Parse("""{"read_at": "2026-01-15T10:30:00Z"}"""), null, Scope.Own, CancellationToken.None);

        Assert.Null(result!.Errors);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero), result.Content!.ReadAt);
        Assert.Equal([RealtimeNames.ActivityUpdated, RealtimeNames.ActivityUpdated, RealtimeNames.UnreadCount], _published.Select(message => message.Target));
    }

    [Theory]
    [InlineData(Scope.Own, "u1")]
    [InlineData(Scope.Company, null)]
    public async Task Delete_passes_owner_and_version_and_announces_the_deletion(Scope scope, string? owner)
    {
        var deleted = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" });
        _store.Setup(store => store.DeleteAsync(Tenant, "a1", new ActivityPrecondition(owner, 4), ChangeContext.Api("u1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DeleteOutcome(WriteStatus.Done, deleted));

        var outcome = await _operations.DeleteAsync(Staff, "a1", 4, scope, CancellationToken.None);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Equal([RealtimeNames.ActivityDeleted, RealtimeNames.ActivityDeleted, RealtimeNames.UnreadCount], _published.Select(message => message.Target));
    }

    [Fact]
    public async Task Delete_that_finds_nothing_announces_nothing()
    {
        _store.Setup(store => store.DeleteAsync(Tenant, "a1", It.IsAny<ActivityPrecondition>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DeleteOutcome(WriteStatus.NotFound));

        var outcome = await _operations.DeleteAsync(Staff, "a1", null, Scope.Company, CancellationToken.None);

        Assert.Equal(WriteStatus.NotFound, outcome.Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task List_on_own_routes_lists_the_callers_feed_whatever_the_query_says()
    {
        var query = new FeedQuery { UserId = "someone-else" };
        var page = new ListOutcome<Activity>(null, NotFound: true);
        var ownQuery = query with { UserId = "u1", Scope = "own" };
        _store.Setup(store => store.ListAsync(Tenant, ownQuery, It.IsAny<CancellationToken>())).ReturnsAsync(page);

        Assert.Same(page, await _operations.ListAsync(Staff, query, Scope.Own, CancellationToken.None));
    }

    [Fact]
    public async Task List_on_company_routes_passes_the_query_as_is()
    {
        var query = new FeedQuery { UserId = "someone-else" };
        var page = new ListOutcome<Activity>(null, NotFound: true);
        _store.Setup(store => store.ListAsync(Tenant, query, It.IsAny<CancellationToken>())).ReturnsAsync(page);

        Assert.Same(page, await _operations.ListAsync(Admin, query, Scope.Company, CancellationToken.None));
    }

    [Fact]
    public async Task List_refuses_a_missing_query()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.ListAsync(Staff, null!, Scope.Company, CancellationToken.None));
    }

    [Fact]
    public async Task Unread_count_is_the_callers_own()
    {
        _store.Setup(store => store.GetUnreadCountAsync(Tenant, "u1", It.IsAny<CancellationToken>())).ReturnsAsync(5);

        Assert.Equal(5, await _operations.GetUnreadCountAsync(Staff, CancellationToken.None));
    }

    [Fact]
    public async Task Mark_all_read_announces_the_new_count_to_the_caller()
    {
        _store.Setup(store => store.MarkAllReadAsync(Tenant, "u1", It.IsAny<CancellationToken>())).ReturnsAsync(0);

        Assert.Equal(0, await _operations.MarkAllReadAsync(Staff, CancellationToken.None));

        var message = Assert.Single(_published);
        Assert.Equal(RealtimeNames.UnreadCount, message.Target);
        Assert.Equal(new RealtimeAudience.User(Tenant, "u1"), message.Audience);
        Assert.Equal("""{"unread_count":0,"unseen_count":0}""", message.Arguments[0].ToJsonString());
    }

    [Theory]
    [InlineData(Scope.Own, "u1")]
    [InlineData(Scope.Company, null)]
    public async Task History_limits_the_owner_only_on_own_routes(Scope scope, string? owner)
    {
        var page = ListOutcome<HistoryEntry>.Missing;
        _store.Setup(store => store.GetHistoryAsync(Tenant, "a1", owner, 20, "c", It.IsAny<CancellationToken>())).ReturnsAsync(page);

        Assert.Same(page, await _operations.GetHistoryAsync(Staff, "a1", 20, "c", scope, CancellationToken.None));
    }

    [Fact]
    public async Task Timeline_passes_the_query_for_the_callers_tenant()
    {
        var query = new TimelineQuery("c-1", [], null, SortOrder.Ascending, 10, null);
        var page = ListOutcome<HistoryEntry>.Missing;
        _store.Setup(store => store.GetTimelineAsync(Tenant, query, It.IsAny<CancellationToken>())).ReturnsAsync(page);

        Assert.Same(page, await _operations.GetTimelineAsync(Admin, query, CancellationToken.None));
    }

    [Fact]
    public async Task Reads_refuse_a_missing_caller()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.GetAsync(null!, "a1", Scope.Company, CancellationToken.None));
    }
}
