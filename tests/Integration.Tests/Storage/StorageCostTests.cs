using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// Storage requests and entities read per operation. These are deterministic counts, not timings:
/// docs/performance.md reports the same numbers.
/// </summary>
public sealed class StorageCostTests
{
    private const string Acme = "acme";

    [Fact]
    public async Task Create_with_idempotency_key_costs_two_requests()
    {
        var harness = await StoreHarness.CreateAsync();
        await harness.CreateAsync(Acme, StoreHarness.Content());

        using var counter = StorageOperationCounter.Start();
        await harness.CreateAsync(Acme, StoreHarness.Content(), new IdempotencyKey("admin", "k1", "h"));

        Assert.Equal(2, counter.Requests);
    }

    [Fact]
    public async Task Create_without_a_user_costs_one_request()
    {
        var harness = await StoreHarness.CreateAsync();

        using var counter = StorageOperationCounter.Start();
        await harness.CreateAsync(Acme, StoreHarness.Content(userId: null));

        Assert.Equal(1, counter.Requests);
    }

    [Fact]
    public async Task Get_of_an_activity_without_a_user_costs_one_request()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content(userId: null));

        using var counter = StorageOperationCounter.Start();
        await harness.Store.GetAsync(Acme, created.Id);

        Assert.Equal((1, 1), (counter.Requests, counter.EntitiesRead));
    }

    [Fact]
    public async Task Get_of_an_own_activity_costs_one_round_trip_of_two_parallel_reads()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());

        using var counter = StorageOperationCounter.Start();
        await harness.Store.GetAsync(Acme, created.Id, ownerUserId: "u1");

        Assert.Equal(2, counter.Requests);
    }

    [Fact]
    public async Task First_user_feed_page_costs_one_request()
    {
        var harness = await StoreHarness.CreateAsync();
        for (var i = 0; i < 30; i++)
        {
            await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}"));
        }

        using var counter = StorageOperationCounter.Start();
        var page = await harness.ListAsync(Acme, new FeedQuery { UserId = "u1" });

        Assert.Equal(25, page.Items.Count);
        Assert.Equal(1, counter.Requests);
        Assert.Equal(27, counter.EntitiesRead); // the read-state row, 25 items, and one to know more exist
    }

    [Fact]
    public async Task Unread_count_costs_one_request_and_mark_all_read_two()
    {
        var harness = await StoreHarness.CreateAsync();
        await harness.CreateAsync(Acme, StoreHarness.Content());

        using (var count = StorageOperationCounter.Start())
        {
            await harness.Store.GetUnreadCountAsync(Acme, "u1");
            Assert.Equal(1, count.Requests);
        }

        using var mark = StorageOperationCounter.Start();
        await harness.Store.MarkAllReadAsync(Acme, "u1");
        Assert.Equal(2, mark.Requests);
    }

    [Fact]
    public async Task Update_and_delete_cost_three_requests_each()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());

        using (var update = StorageOperationCounter.Start())
        {
            await harness.Store.UpdateAsync(Acme, created.Id, ActivityStoreTests.Edit(c => c with { Title = "renamed" }), ChangeContext.Api("admin"));
            Assert.Equal(3, update.Requests); // the activity, its owner's read state, the transaction
        }

        using var delete = StorageOperationCounter.Start();
        await harness.Store.DeleteAsync(Acme, created.Id, ActivityPrecondition.None, ChangeContext.Api("admin"));
        Assert.Equal(3, delete.Requests);
    }

    [Fact]
    public async Task Admin_get_of_an_owned_activity_costs_two_requests()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content());

        using var counter = StorageOperationCounter.Start();
        await harness.Store.GetAsync(Acme, created.Id);

        // The row, then its owner's read state (read_at may come from a later mark-all-read).
        Assert.Equal(2, counter.Requests);
    }

    [Fact]
    public async Task User_feed_page_reads_the_same_entities_whatever_else_the_tenant_holds()
    {
        var small = await EntitiesReadForFirstPageAsync(otherActivities: 100);
        var large = await EntitiesReadForFirstPageAsync(otherActivities: 5_000);

        Assert.Equal(small, large);
        Assert.Equal((1, 27), small);
    }

    private static async Task<(int Requests, int Entities)> EntitiesReadForFirstPageAsync(int otherActivities)
    {
        var harness = await StoreHarness.CreateAsync();
        for (var i = 0; i < 30; i++)
        {
            await harness.CreateAsync(Acme, StoreHarness.Content($"mine {i}", userId: "me"));
        }

        // Other users' activities, created through the store in parallel (40 users, so no single
        // read-state row becomes a bottleneck), interleaved in time with nothing of "me" after them.
        var users = Enumerable.Range(0, 40).Select(i => $"other{i}").ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, otherActivities), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await harness.Store.CreateAsync(Acme, new NewActivity(StoreHarness.Content($"other {i}", userId: users[i % users.Length]), ChangeContext.Api("admin")), ct));

        using var counter = StorageOperationCounter.Start();
        var page = await harness.ListAsync(Acme, new FeedQuery { UserId = "me" });
        Assert.Equal(25, page.Items.Count);
        return (counter.Requests, counter.EntitiesRead);
    }
}
