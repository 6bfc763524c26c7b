using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;
using Azure;
using Azure.Core;

namespace ActivityService.Integration.Tests.Storage;

public sealed class TableClientTests
{
    /// <summary>The emulator's well-known development key; not a secret.</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Round_trips_every_property_type()
    {
        var table = await Azurite.CreateTableAsync();
        var when = new DateTimeOffset(2026, 1, 15, 10, 30, 0, 123, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "héllo 'quoted'",
            ["Flag"] = true,
            ["Small"] = 42,
            ["Big"] = long.MaxValue,
            ["Ratio"] = 5.0,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 1, 2, 3 },
        };

        await table.AddEntityAsync(entity);
        var read = await table.GetEntityIfExistsAsync("p", "r");

        Assert.NotNull(read);
        Assert.Equal("héllo 'quoted'", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(42, read.GetInt32("Small"));
        Assert.Equal(long.MaxValue, read.GetInt64("Big"));
        Assert.Equal(5.0, read.GetDouble("Ratio"));
        Assert.Equal(when, read.GetDateTime("When"));
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(new byte[] { 1, 2, 3 }, read.GetBinary("Bytes"));
        Assert.NotEqual(default, read.ETag);
    }

    [Fact]
    public async Task Insert_of_existing_keys_fails_with_409()
    {
        var table = await Azurite.CreateTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Missing_entity_reads_as_null_and_deletes_with_404()
    {
        var table = await Azurite.CreateTableAsync();

        Assert.Null(await table.GetEntityIfExistsAsync("p", "missing"));
        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.DeleteEntityAsync("p", "missing", ETag.All));
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Stale_etag_update_and_delete_fail_with_412_and_change_nothing()
    {
        var table = await Azurite.CreateTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });
        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["Value"] = 2 }, first);

        var update = await Assert.ThrowsAsync<TableRequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["Value"] = 3 }, first));
        var delete = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.DeleteEntityAsync("p", "r", first));

        Assert.Equal(412, update.Status);
        Assert.Equal(412, delete.Status);
        var read = await table.GetEntityIfExistsAsync("p", "r");
        Assert.Equal(2, read!.GetInt32("Value"));
        Assert.Equal(second, read.ETag);
    }

    [Fact]
    public async Task Merge_keeps_unnamed_properties_and_replace_drops_them()
    {
        var table = await Azurite.CreateTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b" });

        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["B"] = "b2" }, ETag.All, TableUpdateMode.Merge);
        var merged = await table.GetEntityIfExistsAsync("p", "r");
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["C"] = "c" }, ETag.All, TableUpdateMode.Replace);
        var replaced = await table.GetEntityIfExistsAsync("p", "r");

        Assert.Equal(("a", "b2"), (merged!.GetString("A"), merged.GetString("B")));
        Assert.Equal((null, null, "c"), (replaced!.GetString("A"), replaced.GetString("B"), replaced.GetString("C")));
    }

    [Fact]
    public async Task Upsert_inserts_then_updates_and_delete_succeeds_with_matching_etag()
    {
        var table = await Azurite.CreateTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        var etag = await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 });

        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "r"))!.GetInt32("V"));
        await table.DeleteEntityAsync("p", "r", etag);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task Query_follows_continuations_past_1000_rows()
    {
        var table = await Azurite.CreateTableAsync();
        const int rows = 1_250;
        for (var start = 0; start < rows; start += TableTransaction.MaxOperations)
        {
            var batch = new TableTransaction();
            for (var i = start; i < Math.Min(rows, start + TableTransaction.MaxOperations); i++)
            {
                batch.Add(new TableEntity("p", i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)) { ["N"] = i });
            }

            await table.SubmitTransactionAsync(batch);
        }

        var pages = new List<TablePage>();
        await foreach (var page in table.QueryAsync("PartitionKey eq 'p'"))
        {
            pages.Add(page);
        }

        Assert.True(pages.Count >= 2, $"expected several pages, got {pages.Count}");
        Assert.All(pages, page => Assert.True(page.Values.Count <= 1_000));
        Assert.Equal(Enumerable.Range(0, rows), pages.SelectMany(page => page.Values).Select(e => e.GetInt32("N")!.Value));
        Assert.Null(pages[^1].ContinuationToken);
    }

    [Fact]
    public async Task Query_applies_filter_select_and_top_and_resumes_from_a_token()
    {
        var table = await Azurite.CreateTableAsync();
        var batch = new TableTransaction();
        for (var i = 0; i < 10; i++)
        {
            batch.Add(new TableEntity("p", $"r{i}") { ["N"] = i, ["Other"] = "x" });
        }

        await table.SubmitTransactionAsync(batch);

        await using var pages = table.QueryAsync("PartitionKey eq 'p' and N ge 4", select: ["N"], maxPerPage: 3).GetAsyncEnumerator();
        Assert.True(await pages.MoveNextAsync());
        var first = pages.Current;
        var rest = new List<int>();
        await foreach (var page in table.QueryAsync("PartitionKey eq 'p' and N ge 4", select: ["N"], maxPerPage: 3, continuationToken: first.ContinuationToken))
        {
            rest.AddRange(page.Values.Select(e => e.GetInt32("N")!.Value));
        }

        Assert.Equal([4, 5, 6], first.Values.Select(e => e.GetInt32("N")!.Value));
        Assert.All(first.Values, e => Assert.Null(e["Other"]));
        Assert.Equal([7, 8, 9], rest);
    }

    [Fact]
    public async Task Failed_transaction_rolls_back_and_names_the_failing_operation()
    {
        var table = await Azurite.CreateTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "taken"));
        var batch = new TableTransaction()
            .Add(new TableEntity("p", "new1"))
            .Add(new TableEntity("p", "taken"))
            .Add(new TableEntity("p", "new2"));

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.SubmitTransactionAsync(batch));

        Assert.Equal(409, error.Status);
        Assert.Equal(1, error.FailedOperationIndex);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "new1"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "new2"));
    }

    [Fact]
    public async Task Transaction_with_stale_etag_fails_with_412_and_applies_nothing()
    {
        var table = await Azurite.CreateTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, stale);

        var batch = new TableTransaction()
            .Add(new TableEntity("p", "other"))
            .UpdateMerge(new TableEntity("p", "r") { ["V"] = 3 }, stale);
        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.SubmitTransactionAsync(batch));

        Assert.Equal(412, error.Status);
        Assert.Equal(1, error.FailedOperationIndex);
        Assert.Null(await table.GetEntityIfExistsAsync("p", "other"));
    }

    [Fact]
    public async Task Transaction_applies_mixed_operations_atomically_and_returns_etags()
    {
        var table = await Azurite.CreateTableAsync();
        var existing = await table.AddEntityAsync(new TableEntity("p", "update") { ["V"] = 1 });
        await table.AddEntityAsync(new TableEntity("p", "delete"));
        var batch = new TableTransaction()
            .Add(new TableEntity("p", "add"))
            .UpdateMerge(new TableEntity("p", "update") { ["V"] = 2 }, existing)
            .UpsertReplace(new TableEntity("p", "upsert") { ["V"] = 3 })
            .Delete(new TableEntity("p", "delete"), ETag.All);

        var etags = await table.SubmitTransactionAsync(batch);

        Assert.Equal(4, etags.Count);
        Assert.NotEqual(default, etags[0]);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "add"));
        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "update"))!.GetInt32("V"));
        Assert.Null(await table.GetEntityIfExistsAsync("p", "delete"));
    }

    [Fact]
    public async Task Transaction_spanning_partitions_is_refused_before_sending()
    {
        var table = await Azurite.CreateTableAsync();
        var batch = new TableTransaction().Add(new TableEntity("p1", "r")).Add(new TableEntity("p2", "r"));
        using var counter = StorageOperationCounter.Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() => table.SubmitTransactionAsync(batch));

        Assert.Equal(0, counter.Requests);
        Assert.Null(await table.GetEntityIfExistsAsync("p1", "r"));
    }

    [Fact]
    public async Task Transaction_over_100_operations_is_refused_before_sending()
    {
        var table = await Azurite.CreateTableAsync();
        var batch = new TableTransaction();
        for (var i = 0; i <= TableTransaction.MaxOperations; i++)
        {
            batch.Add(new TableEntity("p", $"r{i}"));
        }

        using var counter = StorageOperationCounter.Start();
        await Assert.ThrowsAsync<InvalidOperationException>(() => table.SubmitTransactionAsync(batch));
        Assert.Equal(0, counter.Requests);
    }

    [Fact]
    public async Task Keys_with_quotes_and_percent_signs_round_trip()
    {
        var table = await Azurite.CreateTableAsync();
        var entity = new TableEntity("o'brien %20 co", "it's 100% ~ok") { ["V"] = 1 };
        await table.AddEntityAsync(entity);

        var read = await table.GetEntityIfExistsAsync("o'brien %20 co", "it's 100% ~ok");
        await table.DeleteEntityAsync("o'brien %20 co", "it's 100% ~ok", ETag.All);

        Assert.Equal(1, read!.GetInt32("V"));
        Assert.Null(await table.GetEntityIfExistsAsync("o'brien %20 co", "it's 100% ~ok"));
    }

    [Fact]
    public async Task Counter_records_requests_and_entities_read()
    {
        var table = await Azurite.CreateTableAsync();
        await table.SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "a")).Add(new TableEntity("p", "b")));

        using var counter = StorageOperationCounter.Start();
        await table.GetEntityIfExistsAsync("p", "a");
        await foreach (var unused in table.QueryAsync("PartitionKey eq 'p'"))
        {
        }

        Assert.Equal(2, counter.Requests);
        Assert.Equal(3, counter.EntitiesRead);
    }

    [Fact]
    public async Task Unreachable_storage_surfaces_as_an_exception_after_retries()
    {
        var options = Azurite.Options();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var table = TableClient.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            "unreachable",
            options);
        using var counter = StorageOperationCounter.Start();

        await Assert.ThrowsAnyAsync<Exception>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal(2, counter.Requests);
    }

    [Fact]
    public async Task Counter_records_writes_storage_may_have_applied_but_not_refused_or_unsent_ones()
    {
        var table = await Azurite.CreateTableAsync();
        using var counter = StorageOperationCounter.Start();

        await table.GetEntityIfExistsAsync("p", "a");
        Assert.Equal(0, counter.WritesMaybeApplied);

        await table.AddEntityAsync(new TableEntity("p", "a"));
        await table.UpsertEntityAsync(new TableEntity("p", "b"));
        await table.SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "c")));
        Assert.Equal(3, counter.WritesMaybeApplied);

        // Refused by storage: applied nothing.
        await Assert.ThrowsAsync<TableRequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "a")));
        await Assert.ThrowsAsync<TableRequestFailedException>(() => table.SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "c"))));
        await Assert.ThrowsAsync<TableRequestFailedException>(() => table.DeleteEntityAsync("p", "missing", ETag.All));
        Assert.Equal(3, counter.WritesMaybeApplied);

        // No connection could be opened: never sent.
        var options = Azurite.Options();
        options.Retry.MaxRetries = 0;
        var unreachable = TableClient.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:1/devstoreaccount1;",
            "unreachable",
            options);
        var unsent = await Assert.ThrowsAsync<TableRequestFailedException>(() => unreachable.AddEntityAsync(new TableEntity("p", "d")));
        Assert.True(unsent.ProvesAttemptNotApplied);
        Assert.Equal(3, counter.WritesMaybeApplied);

        // Sent, and the answer lost: it may have been applied (here it was).
        var faults = new FaultPolicy { LoseNextBatchResponses = 1 };
        var lossy = Azurite.Options();
        lossy.AddPolicy(faults, HttpPipelinePosition.PerRetry);
        var lost = await Assert.ThrowsAsync<TableRequestFailedException>(() => Azurite.Client(table.Name, lossy).SubmitTransactionAsync(new TableTransaction().Add(new TableEntity("p", "e"))));
        Assert.False(lost.ProvesAttemptNotApplied);
        Assert.Equal(4, counter.WritesMaybeApplied);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "e"));
    }
}
