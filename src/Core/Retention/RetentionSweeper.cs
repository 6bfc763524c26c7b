using System.Globalization;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using Azure;

namespace ActivityService.Core.Retention;

/// <summary>
/// Removes what Table Storage would otherwise keep for ever (it has no TTL): idempotency keys and inbox
/// markers older than <see cref="RetentionOptions.KeyRetention"/>, and the snapshot (the content kept on the
/// external-id mapping) and tombstone of activities deleted longer ago than
/// <see cref="RetentionOptions.DeletedRetention"/>.
/// </summary>
/// <remarks>
/// A pass walks the table once per kind of row, in key order, so tenant by tenant. Each run reads at most
/// <see cref="RetentionOptions.MaxPagesPerRun"/> pages and stores a checkpoint (phase and continuation)
/// after every page; the next run resumes there, and a finished pass starts over. The age test is part of
/// the query, so a page holds only expired rows. Every change is conditional or tolerates that it was made
/// already, so two runs at once, or a run repeated after a crash, remove nothing twice and nothing else.
/// </remarks>
public sealed class RetentionSweeper(TableClient table, TimeProvider clock, RetentionOptions options)
{
    /// <summary>The checkpoint lives in the empty partition, which no tenant can have.</summary>
    public const string CheckpointPartition = "";

    public const string CheckpointRow = "_retention|checkpoint";

    /// <summary>The columns of the deleted activity's content kept on its external-id mapping.</summary>
    private static readonly HashSet<string> SnapshotColumns = new(StringComparer.Ordinal)
    {
        "Id", "UserId", "ContactId", "VisitorId", "CustomerId", "RelationType", "RelationId", "ActivityType", "MessageType",
        "Direction", "Title", "Description", "FormattedDescription", "Slug", "Status", "ScheduledDate", "ExternalId",
        "ApptNumber", "CustomerNumber", "ReadAt", "IsRead", "ReadGeneration", "CreatedAt", "UpdatedAt", "Version",
    };

    private enum Phase
    {
        Keys = 0,
        Markers = 1,
        Snapshots = 2,
        Tombstones = 3,
        Done = 4,
    }

    public async Task<RetentionReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var keyCutoff = now - options.KeyRetention;
        var deletedCutoff = now - options.DeletedRetention;
        var (phase, continuation) = await ReadCheckpointAsync(cancellationToken).ConfigureAwait(false);
        int pages = 0, keys = 0, markers = 0, snapshots = 0, tombstones = 0;
        var completed = false;
        while (pages < Math.Max(1, options.MaxPagesPerRun))
        {
            var page = await ReadPageAsync(phase, keyCutoff, deletedCutoff, continuation, cancellationToken).ConfigureAwait(false);
            pages++;
            switch (phase)
            {
                case Phase.Keys:
                    keys += await DeleteAsync(page.Values, cancellationToken).ConfigureAwait(false);
                    break;
                case Phase.Markers:
                    markers += await DeleteAsync(page.Values, cancellationToken).ConfigureAwait(false);
                    break;
                case Phase.Snapshots:
                    snapshots += await ClearSnapshotsAsync(page.Values, deletedCutoff, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    tombstones += await DeleteAsync(page.Values, cancellationToken).ConfigureAwait(false);
                    break;
            }

            continuation = page.ContinuationToken;
            if (continuation is null)
            {
                phase++;
            }

            if (phase == Phase.Done)
            {
                (phase, completed) = (Phase.Keys, true);
            }

            await WriteCheckpointAsync(phase, continuation, cancellationToken).ConfigureAwait(false);
            if (completed)
            {
                break;
            }
        }

        var report = new RetentionReport(pages, keys, markers, snapshots, tombstones, completed);
        RetentionMetrics.Record(report);
        return report;
    }

    private async Task<TablePage> ReadPageAsync(Phase phase, DateTimeOffset keyCutoff, DateTimeOffset deletedCutoff, string? continuation, CancellationToken cancellationToken)
    {
        var (prefix, clause, select) = phase switch
        {
            Phase.Keys => ("i|", Before("CreatedAt", keyCutoff), (string[])["CreatedAt"]),
            Phase.Markers => ("m|", Before("ProcessedAt", keyCutoff), ["ProcessedAt"]),
            Phase.Snapshots => ("e|", ODataFilter.Equal("Deleted", true), ["ActivityId", "Title"]),
            _ => ("x|", Before("DeletedAt", deletedCutoff), ["DeletedAt"]),
        };
        var filter = ODataFilter.And([ODataFilter.Compare("RowKey", "ge", prefix), ODataFilter.Compare("RowKey", "lt", prefix[..1] + "}"), clause]);
        await foreach (var page in table.QueryAsync(filter, select, Math.Clamp(options.PageSize, 1, 1000), continuation, cancellationToken).ConfigureAwait(false))
        {
            return page;
        }

        return new TablePage([], null);
    }

    private static string Before(string property, DateTimeOffset cutoff) =>
        $"{property} lt datetime'{cutoff.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}'";

    /// <summary>Deletes the rows, a transaction per tenant; rows a concurrent run removed first are skipped.</summary>
    private async Task<int> DeleteAsync(IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var tenant in rows.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in tenant.Chunk(TableTransaction.MaxOperations))
            {
                var transaction = new TableTransaction();
                foreach (var row in chunk)
                {
                    transaction.Delete(row, row.ETag);
                }

                try
                {
                    await table.SubmitTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                    removed += chunk.Length;
                }
                catch (TableRequestFailedException error) when (error.IsNotFound || error.IsPreconditionFailed)
                {
                    // Another run got to some of them first: delete the rest one by one.
                    foreach (var row in chunk)
                    {
                        removed += await DeleteOneAsync(row, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        return removed;
    }

    private async Task<int> DeleteOneAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
            return 1;
        }
        catch (TableRequestFailedException error) when (error.IsNotFound || error.IsPreconditionFailed)
        {
            return 0;
        }
    }

    /// <summary>
    /// A deleted activity's mapping keeps its last content (for events from before the delete). Once the
    /// tombstone says the delete is old enough, the content goes; the mapping itself stays, so a late event
    /// for the same external id still finds the activity deleted.
    /// </summary>
    private async Task<int> ClearSnapshotsAsync(IReadOnlyList<TableEntity> mappings, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var cleared = 0;
        foreach (var mapping in mappings.Where(row => row.GetString("Title") is not null && row.GetString("ActivityId") is not null))
        {
            var tombstone = await table.GetEntityIfExistsAsync(mapping.PartitionKey, RowKeys.Tombstone(mapping.GetString("ActivityId")!), ["DeletedAt"], cancellationToken).ConfigureAwait(false);
            if (tombstone?.GetDateTime("DeletedAt") is not { } deletedAt || deletedAt >= cutoff)
            {
                continue;
            }

            if (await table.GetEntityIfExistsAsync(mapping.PartitionKey, mapping.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false) is not { } full)
            {
                continue;
            }

            var stripped = new TableEntity(full.PartitionKey, full.RowKey);
            foreach (var (name, value) in full.Properties.Where(property => !IsSnapshotColumn(property.Key)))
            {
                stripped[name] = value;
            }

            try
            {
                await table.UpdateEntityAsync(stripped, full.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                cleared++;
            }
            catch (TableRequestFailedException error) when (error.IsNotFound || error.IsPreconditionFailed)
            {
                // Changed or cleared concurrently; the next pass looks again.
            }
        }

        return cleared;
    }

    private static bool IsSnapshotColumn(string name) =>
        SnapshotColumns.Contains(name) || name == "Properties" || name.StartsWith("Properties_", StringComparison.Ordinal);

    private async Task<(Phase Phase, string? Continuation)> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync(CheckpointPartition, CheckpointRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        var phase = (Phase)(row?.GetInt32("Phase") ?? 0);
        return phase is >= Phase.Keys and < Phase.Done ? (phase, row?.GetString("Continuation")) : (Phase.Keys, null);
    }

    /// <summary>Unconditional: two concurrent runs may overwrite each other's checkpoint, which costs at most a page read twice.</summary>
    private Task WriteCheckpointAsync(Phase phase, string? continuation, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(CheckpointPartition, CheckpointRow)
            {
                ["Kind"] = "retention",
                ["Phase"] = (int)phase,
                ["Continuation"] = continuation,
                ["UpdatedAt"] = clock.GetUtcNow(),
            },
            TableUpdateMode.Replace,
            cancellationToken);
}
