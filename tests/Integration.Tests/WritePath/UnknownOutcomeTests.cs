using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;
using Azure.Core;

namespace ActivityService.Integration.Tests.WritePath;

/// <summary>
/// Contract §5: a write whose commit result was lost is resolved by reading back what the service wrote;
/// only when that is impossible does the answer say the outcome is unknown.
/// </summary>
public sealed class UnknownOutcomeTests
{
    private const string Acme = "acme";

    [Fact]
    public async Task Create_whose_response_was_lost_answers_done_and_stores_one_activity()
    {
        var (harness, faults, store) = await CreateAsync();

        faults.LoseNextBatchResponses = 1;
        var outcome = await store.CreateAsync(Acme, new NewActivity(StoreHarness.Content("Lost answer"), ChangeContext.Api("admin")));

        Assert.Equal(WriteStatus.Done, outcome.Status);
        var stored = Assert.Single(await harness.ListAllAsync(Acme, new FeedQuery()));
        Assert.Equal(outcome.Activity!.Id, stored.Id);
        Assert.Equal(1, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
    }

    [Fact]
    public async Task Update_whose_response_was_lost_answers_done_once()
    {
        var (harness, faults, store) = await CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content("Before"));

        faults.LoseNextBatchResponses = 1;
        var outcome = await store.UpdateAsync(Acme, created.Id, new ActivityEdit(new ActivityPrecondition(Version: 1), a => EditResult.Accept(a.Content with { Title = "After" })), ChangeContext.Api("admin"));

        Assert.Equal(WriteStatus.Done, outcome.Status);
        var stored = await harness.Store.GetAsync(Acme, created.Id);
        Assert.Equal(("After", 2L), (stored!.Content.Title, stored.Version));
        Assert.Equal(2, (await harness.Store.GetHistoryAsync(Acme, created.Id, null, 25, null)).Page!.Items.Count);
    }

    [Fact]
    public async Task Delete_whose_response_was_lost_answers_done()
    {
        var (harness, faults, store) = await CreateAsync();
        var created = await harness.CreateAsync(Acme, StoreHarness.Content("Doomed"));

        faults.LoseNextBatchResponses = 1;
        var outcome = await store.DeleteAsync(Acme, created.Id, ActivityPrecondition.None, ChangeContext.Api("admin"));

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Null(await harness.Store.GetAsync(Acme, created.Id));
        Assert.Equal(0, await harness.Store.GetUnreadCountAsync(Acme, "u1"));
    }

    [Fact]
    public async Task Create_that_cannot_be_checked_after_a_lost_response_reports_the_outcome_unknown()
    {
        var (_, faults, store) = await CreateAsync();

        faults.LoseNextBatchResponses = 1;
        faults.OutageAfterLostResponse = true;

        await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => store.CreateAsync(Acme, new NewActivity(StoreHarness.Content("Unknown"), ChangeContext.Api("admin"))));
    }

    [Fact]
    public async Task Create_that_failed_before_reaching_storage_is_not_reported_as_unknown()
    {
        var (harness, faults, store) = await CreateAsync();

        faults.Outage = true;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.CreateAsync(Acme, new NewActivity(StoreHarness.Content("Never sent"), ChangeContext.Api("admin"))));
        faults.Outage = false;

        Assert.IsNotType<WriteOutcomeUnknownException>(error);
        Assert.Empty(await harness.ListAllAsync(Acme, new FeedQuery()));
    }

    private static async Task<(StoreHarness Harness, FaultPolicy Faults, TableActivityStore Store)> CreateAsync()
    {
        var harness = await StoreHarness.CreateAsync();
        var faults = new FaultPolicy();
        var options = new TableClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        var faulty = TableClient.FromConnectionString(Azurite.ConnectionString, harness.Table.Name, options);
        return (harness, faults, new TableActivityStore(faulty, new ActivityIds(TimeProvider.System), TimeProvider.System));
    }
}
