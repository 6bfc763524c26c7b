using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Events;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// Storage requests of the inbox operations (contract §10), as docs/performance.md reports them, and the
/// store-level rules that need no HTTP: preferences ride on the row a create already reads, and an event
/// for an archived activity leaves it archived.
/// </summary>
public sealed class InboxStorageCostTests
{
    private const string Acme = "acme";

    [Fact]
    public async Task Create_with_muted_preferences_still_costs_two_requests_and_arrives_seen()
    {
        var harness = await StoreHarness.CreateAsync();
        await harness.Store.SetPreferencesAsync(Acme, "u1", new InboxPreferences([new MuteRule("Task", null)], true));

        using var counter = StorageOperationCounter.Start();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content(activityType: "Task"));

        Assert.Equal(2, counter.Requests); // the owner's row (counts and preferences), then one transaction
        Assert.Equal(created.CreatedAt, created.Content.SeenAt);
        Assert.Equal((1, 0), await CountsAsync(harness));
    }

    [Fact]
    public async Task Counts_and_preferences_read_cost_one_request_and_writes_two()
    {
        var harness = await StoreHarness.CreateAsync();
        await harness.CreateAsync(Acme, StoreHarness.Content());

        using (var read = StorageOperationCounter.Start())
        {
            await harness.Store.GetInboxCountsAsync(Acme, "u1");
            await harness.Store.GetPreferencesAsync(Acme, "u1");
            Assert.Equal(2, read.Requests); // one each
        }

        using (var markSeen = StorageOperationCounter.Start())
        {
            await harness.Store.MarkAllSeenAsync(Acme, "u1");
            Assert.Equal(2, markSeen.Requests); // read state, one conditional write, whatever the number of activities
        }

        using var write = StorageOperationCounter.Start();
        await harness.Store.SetPreferencesAsync(Acme, "u1", InboxPreferences.Default);
        Assert.Equal(2, write.Requests);
    }

    [Fact]
    public async Task Bulk_of_100_costs_100_reads_and_a_state_read_and_a_transaction_per_14_items()
    {
        var harness = await StoreHarness.CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            ids.Add((await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}", contactId: "c1"))).Id);
        }

        using var counter = StorageOperationCounter.Start();
        var outcome = await harness.Store.BulkUpdateAsync(
            Acme, "u1", ids, new Dictionary<string, long>(), current => EditResult.Accept(current.Content with { ArchivedAt = harness.Clock.GetUtcNow() }), ChangeContext.Api("u1"));

        Assert.All(outcome.Results, result => Assert.Equal(WriteStatus.Done, result.Status));
        Assert.Equal(100 + (2 * 8), counter.Requests); // 100 parallel point reads; 8 chunks (7 x 14 + 2) of state read + transaction
        Assert.Equal((0, 0), await CountsAsync(harness));
    }

    [Fact]
    public async Task An_event_for_an_archived_activity_updates_it_and_leaves_it_archived()
    {
        var harness = await StoreHarness.CreateAsync();
        var processor = new EventProcessor(harness.Store, new ActivityIds(TimeProvider.System), TimeProvider.System);
        await processor.ProcessAsync(new EventDelivery("m1", 1, 1, new EventSpec("4455", "activityCreated", 0, "Job", "u1", null, null).Body(Acme)));
        var created = (await harness.ListAsync(Acme, new FeedQuery { UserId = "u1" })).Items.Single();
        await harness.Store.UpdateAsync(Acme, created.Id, new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with { ArchivedAt = harness.Clock.GetUtcNow() })), ChangeContext.Api("u1"));

        await processor.ProcessAsync(new EventDelivery("m2", 1, 2, new EventSpec("4455", "activityStarted", 5, null, null, null, null).Body(Acme)));

        var after = (await harness.Store.GetAsync(Acme, created.Id))!;
        Assert.Equal("started", after.Content.Status);
        Assert.NotNull(after.Content.ArchivedAt);
        Assert.Equal((0, 0), await CountsAsync(harness));
    }

    [Fact]
    public async Task An_activity_stored_before_seen_state_existed_reads_as_seen_and_the_counts_agree()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());
        var row = (await harness.Table.GetEntityIfExistsAsync(Acme, Core.Storage.RowKeys.Activity(created.Id)))!;
        var legacy = new TableEntity(Acme, row.RowKey);
        foreach (var name in row.Properties.Keys.Where(name => name is not ("SeenAt" or "SeenGeneration" or "ArchivedAt" or "IsArchived")))
        {
            legacy[name] = row[name];
        }

        await harness.Table.UpdateEntityAsync(legacy, row.ETag, TableUpdateMode.Replace);
        var state = (await harness.Table.GetEntityIfExistsAsync(Acme, Core.Storage.RowKeys.UserState("u1")))!;
        state["UnseenCount"] = 0; // as a read-state row written before unseen counts existed would read
        await harness.Table.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Replace);

        Assert.Equal(created.CreatedAt, (await harness.Store.GetAsync(Acme, created.Id))!.Content.SeenAt);
        await harness.Store.UpdateAsync(Acme, created.Id, new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with { ReadAt = harness.Clock.GetUtcNow() })), ChangeContext.Api("u1"));
        Assert.Equal((0, 0), await CountsAsync(harness));
    }

    private static async Task<(int Unread, int Unseen)> CountsAsync(StoreHarness harness)
    {
        var counts = await harness.Store.GetInboxCountsAsync(Acme, "u1");
        return (counts.UnreadCount, counts.UnseenCount);
    }
}
