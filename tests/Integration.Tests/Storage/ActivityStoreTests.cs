using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

public sealed class ActivityStoreTests
{
    private const string Acme = "acme";

    [Fact]
    public async Task Created_activity_reads_back_with_server_fields()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content("Hello", contactId: "c1") with { Properties = Props("""{"amount":150.5,"vip":true,"note":"x","none":null}""") });

        var read = await harness.Store.GetAsync(Acme, created.Id);

        Assert.NotNull(read);
        Assert.Equal(created.Id, read.Id);
        Assert.Equal(Acme, read.CompanyId);
        Assert.Equal(1, read.Version);
        Assert.Equal("Hello", read.Content.Title);
        Assert.Equal("c1", read.Content.ContactId);
        Assert.Equal(4, read.Content.Properties.Count);
        Assert.Equal(150.5, read.Content.Properties["amount"].GetDouble());
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Null(read.Content.ReadAt);
    }

    [Fact]
    public async Task Other_tenant_cannot_see_an_activity()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());

        Assert.Null(await harness.Store.GetAsync("globex", created.Id));
        Assert.Empty((await harness.ListAsync("globex", new FeedQuery())).Items);
        Assert.Equal(WriteStatus.NotFound, (await harness.Store.DeleteAsync("globex", created.Id, ActivityPrecondition.None, ChangeContext.Api("x"))).Status);
        Assert.True((await harness.Store.GetHistoryAsync("globex", created.Id, null, 25, null)).NotFound);
    }

    [Fact]
    public async Task Owner_precondition_hides_another_users_activity()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content(userId: "u1"));

        Assert.Null(await harness.Store.GetAsync(Acme, created.Id, ownerUserId: "u2"));
        Assert.NotNull(await harness.Store.GetAsync(Acme, created.Id, ownerUserId: "u1"));
        var outcome = await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { Title = "x" }, new ActivityPrecondition("u2")), ChangeContext.Api("u2"));
        Assert.Equal(WriteStatus.NotFound, outcome.Status);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_result_and_rejects_another_body()
    {
        var harness = await StoreHarness.CreateAsync();
        var key = new IdempotencyKey("admin", "key-1", "hash-a");
        var first = await harness.CreateAsync(Acme, StoreHarness.Content("A"), key);

        var replay = await harness.Store.CreateAsync(Acme, new NewActivity(StoreHarness.Content("A"), ChangeContext.Api("admin"), key));
        var conflict = await harness.Store.CreateAsync(Acme, new NewActivity(StoreHarness.Content("B"), ChangeContext.Api("admin"), key with { RequestHash = "hash-b" }));

        Assert.Equal(WriteStatus.Replayed, replay.Status);
        Assert.Equal(first.Id, replay.Activity!.Id);
        Assert.Equal(WriteStatus.IdempotencyConflict, conflict.Status);
        Assert.Single((await harness.ListAsync(Acme, new FeedQuery())).Items);
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
    }

    [Fact]
    public async Task Update_with_stale_version_changes_nothing()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content("A"));
        await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { Title = "B" }, new ActivityPrecondition(Version: 1)), ChangeContext.Api("admin"));

        var stale = await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { Title = "C" }, new ActivityPrecondition(Version: 1)), ChangeContext.Api("admin"));

        Assert.Equal(WriteStatus.VersionMismatch, stale.Status);
        var read = await harness.Store.GetAsync(Acme, created.Id);
        Assert.Equal(("B", 2L), (read!.Content.Title, read.Version));
    }

    [Fact]
    public async Task Update_records_history_with_previous_values()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content("A", status: "pending"));

        var updated = await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { Status = "started" }), new ChangeContext(ChangeSources.Api, new Actor("boss", null)));
        var history = (await harness.Store.GetHistoryAsync(Acme, created.Id, null, 25, null)).Page!;

        Assert.Equal(2L, updated.Activity!.Version);
        Assert.Equal([HistoryEvents.Created, HistoryEvents.Updated], history.Items.Select(e => e.Event));
        var change = Assert.Single(history.Items[1].Changes);
        Assert.Equal(("status", "pending", "started"), (change.Field, change.Previous!.GetValue<string>(), change.Current!.GetValue<string>()));
        Assert.Equal("boss", history.Items[1].Actor.UserId);
    }

    [Fact]
    public async Task Invalid_edit_is_reported_and_changes_nothing()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content("A"));
        var errors = new Dictionary<string, string[]> { ["title"] = ["bad"] };

        var outcome = await harness.Store.UpdateAsync(Acme, created.Id, new ActivityEdit(ActivityPrecondition.None, _ => EditResult.Reject(errors)), ChangeContext.Api("admin"));

        Assert.Equal(WriteStatus.Invalid, outcome.Status);
        Assert.Equal(1, (await harness.Store.GetAsync(Acme, created.Id))!.Version);
    }

    [Fact]
    public async Task Delete_removes_the_activity_from_every_feed_and_keeps_history()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content(contactId: "c1"));

        var deleted = await harness.Store.DeleteAsync(Acme, created.Id, ActivityPrecondition.None, ChangeContext.Api("admin"));

        Assert.Equal(WriteStatus.Done, deleted.Status);
        Assert.Null(await harness.Store.GetAsync(Acme, created.Id));
        Assert.Empty((await harness.ListAsync(Acme, new FeedQuery())).Items);
        Assert.Empty((await harness.ListAsync(Acme, new FeedQuery { Sort = SortOrder.Ascending })).Items);
        Assert.Empty((await harness.ListAsync(Acme, new FeedQuery { UserId = "u1" })).Items);
        Assert.Equal(0, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
        var history = (await harness.Store.GetHistoryAsync(Acme, created.Id, "u1", 25, null)).Page!;
        Assert.Equal([HistoryEvents.Created, HistoryEvents.Deleted], history.Items.Select(e => e.Event));
        Assert.True((await harness.Store.GetHistoryAsync(Acme, created.Id, "u2", 25, null)).NotFound);
        Assert.Equal(WriteStatus.NotFound, (await harness.Store.DeleteAsync(Acme, created.Id, ActivityPrecondition.None, ChangeContext.Api("admin"))).Status);
    }

    [Fact]
    public async Task Unread_count_follows_creates_reads_and_deletes_exactly()
    {
        var harness = await StoreHarness.CreateAsync();
        var a = await harness.CreateAsync(Acme, StoreHarness.Content("a"));
        var b = await harness.CreateAsync(Acme, StoreHarness.Content("b"));
        await harness.CreateAsync(Acme, StoreHarness.Content("c") with { ReadAt = harness.Clock.GetUtcNow() });
        await harness.CreateAsync(Acme, StoreHarness.Content("other", userId: "u2"));
        Assert.Equal(2, await harness.Store.GetUnreadCountAsync(Acme, "u1"));

        await harness.Store.UpdateAsync(Acme, a.Id, Edit(c => c with { ReadAt = harness.Clock.GetUtcNow() }), ChangeContext.Api("u1"));
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u1"));

        await harness.Store.UpdateAsync(Acme, a.Id, Edit(c => c with { ReadAt = null }), ChangeContext.Api("u1"));
        Assert.Equal(2, await harness.Store.GetUnreadCountAsync(Acme, "u1"));

        await harness.Store.DeleteAsync(Acme, b.Id, ActivityPrecondition.None, ChangeContext.Api("u1"));
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u2"));
    }

    [Fact]
    public async Task Mark_all_read_reads_everything_created_before_and_nothing_after()
    {
        var harness = await StoreHarness.CreateAsync();
        var before = await harness.CreateAsync(Acme, StoreHarness.Content("before"));
        var other = await harness.CreateAsync(Acme, StoreHarness.Content("other user", userId: "u2"));

        Assert.Equal(0, await harness.Store.MarkAllReadAsync(Acme, "u1"));
        var after = await harness.CreateAsync(Acme, StoreHarness.Content("after"));

        Assert.NotNull((await harness.Store.GetAsync(Acme, before.Id))!.Content.ReadAt);
        Assert.Null((await harness.Store.GetAsync(Acme, after.Id))!.Content.ReadAt);
        Assert.Null((await harness.Store.GetAsync(Acme, other.Id))!.Content.ReadAt);
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
        var unread = await harness.ListAsync(Acme, new FeedQuery { UserId = "u1", Read = false });
        Assert.Equal([after.Id], unread.Items.Select(a => a.Id));
        var read = await harness.ListAsync(Acme, new FeedQuery { UserId = "u1", Read = true });
        Assert.Equal([before.Id], read.Items.Select(a => a.Id));
        var companyUnread = await harness.ListAsync(Acme, new FeedQuery { Read = false });
        Assert.Equal([after.Id, other.Id], companyUnread.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Marking_unread_after_mark_all_read_counts_again()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());
        await harness.Store.MarkAllReadAsync(Acme, "u1");

        var outcome = await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { ReadAt = null }), ChangeContext.Api("u1"));

        Assert.Null(outcome.Activity!.Content.ReadAt);
        Assert.Null((await harness.Store.GetAsync(Acme, created.Id))!.Content.ReadAt);
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
    }

    [Fact]
    public async Task Title_change_after_mark_all_read_keeps_the_activity_read()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());
        await harness.Store.MarkAllReadAsync(Acme, "u1");

        await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { Title = "renamed" }), ChangeContext.Api("admin"));

        Assert.NotNull((await harness.Store.GetAsync(Acme, created.Id))!.Content.ReadAt);
        Assert.Equal(0, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
    }

    [Fact]
    public async Task Reassigning_moves_the_activity_between_user_feeds_and_counts()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content(userId: "u1"));

        await harness.Store.UpdateAsync(Acme, created.Id, Edit(c => c with { UserId = "u2" }), ChangeContext.Api("admin"));

        Assert.Empty((await harness.ListAsync(Acme, new FeedQuery { UserId = "u1" })).Items);
        Assert.Single((await harness.ListAsync(Acme, new FeedQuery { UserId = "u2" })).Items);
        Assert.Single((await harness.ListAsync(Acme, new FeedQuery { UserId = "u2", Sort = SortOrder.Ascending })).Items);
        Assert.Equal((0, 1), (await harness.Store.GetUnreadCountAsync(Acme, "u1"), await harness.Store.GetUnreadCountAsync(Acme, "u2")));
    }

    [Fact]
    public async Task Concurrent_creates_for_one_user_keep_the_unread_count_exact()
    {
        var harness = await StoreHarness.CreateAsync();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            harness.Store.CreateAsync(Acme, new NewActivity(StoreHarness.Content($"n{i}"), ChangeContext.Api("admin")))));

        Assert.Equal(20, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
        Assert.Equal(20, (await harness.ListAllAsync(Acme, new FeedQuery { UserId = "u1" })).Count);
    }

    internal static ActivityEdit Edit(Func<ActivityContent, ActivityContent> change, ActivityPrecondition? precondition = null) =>
        new(precondition ?? ActivityPrecondition.None, activity => EditResult.Accept(change(activity.Content)));

    private static IReadOnlyDictionary<string, System.Text.Json.JsonElement> Props(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, System.Text.Json.JsonElement>>(json)!;
}
