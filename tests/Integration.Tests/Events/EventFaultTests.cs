using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;
using Azure.Core;

namespace ActivityService.Integration.Tests.Events;

/// <summary>Contract §6: nothing acknowledged is lost, and a redelivery never doubles an effect.</summary>
public sealed class EventFaultTests
{
    private const string Acme = "acme";

    private static readonly byte[] Started = Encoding.UTF8.GetBytes("""
        {"companyId":"acme","eventType":"activityStarted","time":"2026-01-15 10:30:00","user":"dispatcher",
         "activityDetails":{"activityId":4455,"resourceId":"tech-7"},"activityChanges":{"title":"Fix boiler"}}
        """);

    private static readonly byte[] Suspended = Encoding.UTF8.GetBytes("""
        {"companyId":"acme","eventType":"activitySuspended","time":"2026-01-15 11:00:00",
         "activityDetails":{"activityId":4455,"resourceId":"tech-7"}}
        """);

    [Fact]
    public async Task Response_lost_after_the_write_then_redelivered_has_exactly_one_effect()
    {
        var (harness, faults, processor) = await CreateAsync();
        await processor.ProcessAsync(new EventDelivery("m1", 1, 1, Started));

        // The transaction is applied but its response is lost. The pipeline does not repeat a transaction;
        // the processor reads back the inbox marker only that attempt wrote, finds it, and reports the
        // event applied. A redelivery (the host may deliver again anyway) is a duplicate.
        faults.LoseNextBatchResponses = 1;
        var sentBefore = faults.BatchesSent;
        var first = await processor.ProcessAsync(new EventDelivery("m2", 1, 2, Suspended));
        Assert.Equal(EventApplyStatus.Applied, first.Status);
        Assert.Equal(sentBefore + 1, faults.BatchesSent);
        var redelivery = await processor.ProcessAsync(new EventDelivery("m2", 2, 2, Suspended));

        Assert.Equal(EventApplyStatus.Duplicate, redelivery.Status);
        var activities = await harness.ListAllAsync(Acme, new FeedQuery());
        Assert.Equal(2, activities.Count); // the main activity and one suspended copy
        Assert.Single(activities, a => a.Content.Status == "suspended");
        Assert.Equal(2, await harness.Store.GetUnreadCountAsync(Acme, "tech-7"));
        var mainId = activities.Single(a => a.Content.ExternalId == "4455").Id;
        Assert.Equal(2, (await harness.Store.GetHistoryAsync(Acme, mainId, null, 25, null)).Page!.Items.Count);
    }

    [Fact]
    public async Task Storage_outage_fails_the_invocation_and_marks_nothing_processed()
    {
        var (harness, faults, processor) = await CreateAsync();

        faults.Outage = true;
        await Assert.ThrowsAnyAsync<Exception>(() => processor.ProcessAsync(new EventDelivery("m1", 1, 1, Started)));
        faults.Outage = false;

        Assert.Null(await harness.Table.GetEntityIfExistsAsync(Acme, RowKeys.InboxMarker("m1")));
        Assert.Empty(await harness.ListAllAsync(Acme, new FeedQuery()));

        var retried = await processor.ProcessAsync(new EventDelivery("m1", 2, 1, Started));
        Assert.Equal(EventApplyStatus.Applied, retried.Status);
        Assert.Single(await harness.ListAllAsync(Acme, new FeedQuery()));
        Assert.NotNull(await harness.Table.GetEntityIfExistsAsync(Acme, RowKeys.InboxMarker("m1")));
    }

    [Fact]
    public async Task Outage_while_recording_poison_fails_the_invocation_so_it_is_retried()
    {
        var (harness, faults, processor) = await CreateAsync();

        faults.Outage = true;
        await Assert.ThrowsAnyAsync<Exception>(() => processor.ProcessAsync(new EventDelivery("p1", 1, 1, Encoding.UTF8.GetBytes("{\"companyId\":\"acme\"}"))));
        faults.Outage = false;
        var retried = await processor.ProcessAsync(new EventDelivery("p1", 2, 1, Encoding.UTF8.GetBytes("{\"companyId\":\"acme\"}")));

        Assert.Equal(EventApplyStatus.Rejected, retried.Status);
        Assert.Single((await harness.Store.ListRejectedAsync(Acme, 25, null)).Page!.Items);
    }

    private static async Task<(StoreHarness Harness, FaultPolicy Faults, EventProcessor Processor)> CreateAsync()
    {
        var harness = await StoreHarness.CreateAsync();
        var faults = new FaultPolicy();
        var options = Azurite.Options();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        var faulty = Azurite.Client(harness.Table.Name, options);
        var store = new TableActivityStore(faulty, new ActivityIds(TimeProvider.System), TimeProvider.System);
        return (harness, faults, new EventProcessor(store, new ActivityIds(TimeProvider.System), TimeProvider.System));
    }
}
