using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;
using Azure;
using Azure.Core;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// The retry contract: reads, upserts and conditional writes may be retried by the pipeline; inserts and
/// transactions are sent once, and a write that got no answer reports an unknown outcome (status 0).
/// </summary>
public sealed class StorageRetryContractTests
{
    [Fact]
    public async Task Against_unreachable_storage_reads_and_upserts_are_retried_but_inserts_and_transactions_are_sent_once()
    {
        var options = Azurite.Options();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var table = TableClient.FromConnectionString(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            "unreachable",
            options);

        var read = await AttemptsAsync(() => table.GetEntityIfExistsAsync("p", "r"));
        var upsert = await AttemptsAsync(() => table.UpsertEntityAsync(new TableEntity("p", "r")));
        var update = await AttemptsAsync(() => table.UpdateEntityAsync(new TableEntity("p", "r"), new ETag("W/\"x\"")));
        var insert = await AttemptsAsync(() => table.AddEntityAsync(new TableEntity("p", "r")));
        var transaction = await AttemptsAsync(() => table.SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "r"))));

        Assert.Equal((3, 3, 3, 1, 1), (read.Attempts, upsert.Attempts, update.Attempts, insert.Attempts, transaction.Attempts));
        Assert.All(new[] { read, upsert, update, insert, transaction }, outcome =>
        {
            Assert.Equal(0, outcome.Error.Status);
            Assert.True(outcome.Error.IsOutcomeUnknown);
        });
    }

    [Fact]
    public async Task Transaction_whose_answer_is_lost_reports_an_unknown_outcome_not_a_false_conflict()
    {
        var table = await Azurite.CreateTableAsync();
        var faults = new FaultPolicy { LoseNextBatchResponses = 1 };
        var options = Azurite.Options();
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        options.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        var faulty = Azurite.Client(table.Name, options);

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(
            () => faulty.SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "a")).Add(new TableEntity("p", "b"))));

        Assert.True(error.IsOutcomeUnknown, $"expected an unknown outcome, got {error.Status} {error.ErrorCode}");
        Assert.Equal(1, faults.BatchesSent);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "a"));
    }

    private static async Task<(int Attempts, TableRequestFailedException Error)> AttemptsAsync(Func<Task> operation)
    {
        using var counter = StorageOperationCounter.Start();
        var error = await Assert.ThrowsAsync<TableRequestFailedException>(operation);
        return (counter.Requests, error);
    }
}
