using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.History;
using ActivityService.Core.Retention;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace ActivityService.Integration.Tests.Operations;

/// <summary>The retention sweep against Azurite, on a fake clock.</summary>
public sealed class RetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);

    [Fact]
    public async Task Expired_keys_markers_snapshots_and_tombstones_go_and_nothing_younger_or_live_is_touched()
    {
        var table = await Azurite.CreateTableAsync("ret");
        var ids = new ActivityIds(_clock);
        var store = new TableActivityStore(table, ids, _clock);
        var events = new EventProcessor(store, ids, _clock);
        var company = "ret-" + Guid.NewGuid().ToString("N")[..10];

        // Day 0: a live activity and one deleted through the API, both created with idempotency keys;
        // an activity created and deleted by events (its mapping keeps a snapshot of the content).
        var live = await CreateAsync(store, company, "Live", "k-live");
        var gone = await CreateAsync(store, company, "Gone", "k-gone");
        Assert.Equal(WriteStatus.Done, (await store.DeleteAsync(company, gone.Id, new ActivityPrecondition(), ChangeContext.Api("boss"))).Status);
        await ProcessAsync(events, "msg-created", Event(company, "activityCreated", "10:30:00"));
        await ProcessAsync(events, "msg-deleted", Event(company, "activityDeleted", "10:31:00"));

        // Day 8: a young key and marker.
        _clock.Advance(TimeSpan.FromDays(8));
        await CreateAsync(store, company, "Young", "k-young");
        await ProcessAsync(events, "msg-young", Event(company, "activityUpdated", "10:32:00", externalId: 8));
        var liveRows = LiveRows(await AllRowsAsync(table), live.Id);
        var before = await AllRowsAsync(table);

        var first = await Sweeper(table).RunAsync();

        var after = await AllRowsAsync(table);
        Assert.Equal(
            [Key(company, RowKeys.Idempotency("admin", "k-gone")), Key(company, RowKeys.Idempotency("admin", "k-live")),
             Key(company, RowKeys.InboxMarker("msg-created")), Key(company, RowKeys.InboxMarker("msg-deleted"))],
            Removed(before, after));
        Assert.True(first.CycleCompleted);
        Assert.Equal(0, first.SnapshotsCleared + first.TombstonesRemoved);
        Assert.Equal(0, (await Sweeper(table).RunAsync()).Changes);

        // Day 31: the day-0 deletes are old enough; a delete of today is not; the day-8 key and marker are.
        _clock.Advance(TimeSpan.FromDays(23));
        var fresh = await CreateAsync(store, company, "Fresh", null);
        Assert.Equal(WriteStatus.Done, (await store.DeleteAsync(company, fresh.Id, new ActivityPrecondition(), ChangeContext.Api("boss"))).Status);
        before = await AllRowsAsync(table);

        var second = await Sweeper(table).RunAsync();

        after = await AllRowsAsync(table);
        var mappingKey = Key(company, RowKeys.External("7"));
        Assert.Equal(
            [Key(company, RowKeys.Idempotency("admin", "k-young")), Key(company, RowKeys.InboxMarker("msg-young")),
             Key(company, RowKeys.Tombstone(gone.Id)), Key(company, RowKeys.Tombstone(MappedId(before[mappingKey])))],
            Removed(before, after));
        Assert.Equal(1, second.SnapshotsCleared);
        var mapping = after[mappingKey];
        Assert.True(mapping.GetBoolean("Deleted"));
        Assert.NotNull(mapping.GetString("ActivityId"));
        Assert.Null(mapping.GetString("Title"));
        Assert.Contains(Key(company, RowKeys.Tombstone(fresh.Id)), after.Keys);
        Assert.Equal(liveRows, LiveRows(after, live.Id));

        // A late duplicate of the create (its marker is gone, so it is processed again) finds the mapping
        // still deleted: no activity comes back.
        await ProcessAsync(events, "msg-created", Event(company, "activityCreated", "10:30:00"));
        var activities = (await AllRowsAsync(table)).Keys.Where(key => key.Row.StartsWith("a|", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(after.Keys.Where(key => key.Row.StartsWith("a|", StringComparison.Ordinal)).Order().ToList(), activities);
        after = await AllRowsAsync(table);

        // A second run changes nothing.
        before = await AllRowsAsync(table);
        var third = await Sweeper(table).RunAsync();
        Assert.Equal(0, third.Changes);
        Assert.Empty(Removed(before, await AllRowsAsync(table)));
    }

    [Fact]
    public async Task Each_run_does_bounded_work_and_resumes_where_the_last_stopped_even_with_two_runs_at_once()
    {
        var table = await Azurite.CreateTableAsync("ret");
        var tenants = Enumerable.Range(0, 3).Select(n => $"bound-{n}-" + Guid.NewGuid().ToString("N")[..8]).ToList();
        foreach (var (tenant, index) in tenants.SelectMany(tenant => Enumerable.Range(0, 3).Select(index => (tenant, index))))
        {
            await table.AddEntityAsync(new TableEntity(tenant, RowKeys.InboxMarker($"old-{index}")) { ["Kind"] = "inbox", ["ProcessedAt"] = Start - TimeSpan.FromDays(10) });
            await table.AddEntityAsync(new TableEntity(tenant, RowKeys.InboxMarker($"new-{index}")) { ["Kind"] = "inbox", ["ProcessedAt"] = Start - TimeSpan.FromDays(1) });
        }

        var options = new RetentionOptions { PageSize = 2, MaxPagesPerRun = 2 };
        var removed = 0;
        var runs = 0;
        for (; runs < 20; runs++)
        {
            using var counter = StorageOperationCounter.Start();
            var report = await new RetentionSweeper(table, _clock, options).RunAsync();

            // At most 2 pages of 2 rows: the checkpoint read, then per page a read, a checkpoint write and a
            // transaction per tenant on the page (2 at most).
            Assert.True(report.PagesRead <= 2, $"{report.PagesRead} pages");
            Assert.True(report.MarkersRemoved <= 4, $"{report.MarkersRemoved} removed");
            Assert.True(counter.Requests <= 9, $"{counter.Requests} requests");
            removed += report.Changes;
            if (report.CycleCompleted && report.Changes == 0)
            {
                break;
            }
        }

        Assert.Equal(9, removed);
        Assert.True(runs > 2, "The work was spread over several runs.");
        var rows = await AllRowsAsync(table);
        Assert.Equal(9, rows.Keys.Count(key => key.Row.StartsWith("m|new-", StringComparison.Ordinal)));
        Assert.DoesNotContain(rows.Keys, key => key.Row.StartsWith("m|old-", StringComparison.Ordinal));

        // Two runs at once over fresh expired rows: each row is removed exactly once and neither run fails.
        foreach (var tenant in tenants)
        {
            await table.AddEntityAsync(new TableEntity(tenant, RowKeys.InboxMarker("old-again")) { ["Kind"] = "inbox", ["ProcessedAt"] = Start - TimeSpan.FromDays(10) });
        }

        var wide = new RetentionOptions();
        var both = await Task.WhenAll(new RetentionSweeper(table, _clock, wide).RunAsync(), new RetentionSweeper(table, _clock, wide).RunAsync());
        Assert.Equal(3, both.Sum(report => report.MarkersRemoved));
        Assert.Equal(9, (await AllRowsAsync(table)).Keys.Count(key => key.Row.StartsWith("m|", StringComparison.Ordinal)));
    }

    private RetentionSweeper Sweeper(TableClient table) => new(table, _clock, new RetentionOptions());

    private async Task<Activity> CreateAsync(TableActivityStore store, string company, string title, string? key)
    {
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        var outcome = await store.CreateAsync(company, new NewActivity(
            new ActivityContent { Title = title, UserId = "u1", ContactId = "c1" },
            ChangeContext.Api("boss"),
            key is null ? null : new IdempotencyKey("admin", key, "hash-" + key)));
        Assert.Equal(WriteStatus.Done, outcome.Status);
        return outcome.Activity!;
    }

    private static async Task ProcessAsync(EventProcessor events, string messageId, string body)
    {
        var result = await events.ProcessAsync(new EventDelivery(messageId, 1, 1, Encoding.UTF8.GetBytes(body)));
        Assert.NotEqual(EventApplyStatus.Rejected, result.Status);
    }

    private static string Event(string company, string type, string time, int externalId = 7) => $$$"""
        {"companyId":"{{{company}}}","eventType":"{{{type}}}","applicationId":"ofs-sync","time":"2026-01-15 {{{time}}}",
         "user":"dispatcher1","activityDetails":{"activityId":{{{externalId}}},"resourceId":"tech-7","apptNumber":"A-1"},
         "activityChanges":{"status":"started"}}
        """;

    private static (string Partition, string Row) Key(string partition, string row) => (partition, row);

    private static string MappedId(TableEntity mapping) => mapping.GetString("ActivityId")!;

    private static List<(string Partition, string Row)> Removed(Dictionary<(string Partition, string Row), TableEntity> before, Dictionary<(string Partition, string Row), TableEntity> after) =>
        before.Keys.Where(key => key.Partition != RetentionSweeper.CheckpointPartition && !after.ContainsKey(key)).Order().ToList();

    /// <summary>
    /// Every row of the live activity (its row, copies, history, timeline), with its ETag: unchanged means untouched.
    /// Its idempotency key is not one: keys expire by their own age.
    /// </summary>
    private static List<string> LiveRows(Dictionary<(string Partition, string Row), TableEntity> rows, string activityId) =>
        rows.Values.Where(row => !row.RowKey.StartsWith("i|", StringComparison.Ordinal))
            .Where(row => row.RowKey.Contains(activityId, StringComparison.Ordinal) || row.GetString("Id") == activityId || row.GetString("ActivityId") == activityId)
            .Select(row => row.RowKey + "@" + row.ETag)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task<Dictionary<(string Partition, string Row), TableEntity>> AllRowsAsync(TableClient table)
    {
        var rows = new Dictionary<(string Partition, string Row), TableEntity>();
        await foreach (var page in table.QueryAsync())
        {
            foreach (var row in page.Values)
            {
                rows[(row.PartitionKey, row.RowKey)] = row;
            }
        }

        return rows;
    }
}
