using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Sdk = Azure.Data.Tables;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// One Azure Table Storage table, on <c>Azure.Data.Tables</c>. The SDK owns the wire (auth, entity
/// JSON, <c>$batch</c>, continuations, error bodies); this wrapper keeps the contract the store codes
/// against: the refusal of batches Azure would reject, a 404 for deleting a missing entity, keys in
/// every <c>$select</c>, lenient typed getters, <see cref="TableRequestFailedException"/> for every
/// failure, inserts and transactions never retried by the pipeline, and the operation counter.
/// </summary>
public sealed class TableClient
{
    private static readonly string[] Keys = ["PartitionKey", "RowKey"];

    private readonly Sdk.TableClient _client;
    private readonly bool _strict;

    private TableClient(Sdk.TableClient client, bool strict)
    {
        _client = client;
        _strict = strict;
    }

    public string Name => _client.Name;

    /// <summary>An account-key connection string, or <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public static TableClient FromConnectionString(string connectionString, string tableName, TableClientOptions? options = null)
    {
        options ??= new TableClientOptions();
        options.PreparePipeline();
        return new TableClient(new Sdk.TableClient(connectionString, tableName, options), options.StrictAzureLimits);
    }

    /// <summary>Entra ID auth (managed identity in Azure): the identity needs Storage Table Data Contributor.</summary>
    public static TableClient FromTokenCredential(Uri tableEndpoint, string tableName, TokenCredential credential, TableClientOptions? options = null)
    {
        options ??= new TableClientOptions();
        options.PreparePipeline();
        return new TableClient(new Sdk.TableClient(tableEndpoint, tableName, credential, options), options.StrictAzureLimits);
    }

    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) =>
        RunAsync(() => _client.CreateIfNotExistsAsync(cancellationToken), cancellationToken);

    /// <summary>Deletes the table; used by tests to leave the emulator clean.</summary>
    public Task DeleteTableAsync(CancellationToken cancellationToken = default) =>
        RunAsync(() => _client.DeleteAsync(cancellationToken), cancellationToken);

    /// <summary>Point read: one request. Returns null when the entity does not exist.</summary>
    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        CheckKeys(partitionKey, rowKey);
        var response = await RunAsync(
            () => _client.GetEntityIfExistsAsync<Sdk.TableEntity>(partitionKey, rowKey, WithKeys(select), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        StorageOperationCounter.RecordEntitiesRead(1);
        return TableEntityConversion.FromSdk(response.Value!, partitionKey, rowKey);
    }

    /// <summary>Inserts; 409 <c>EntityAlreadyExists</c> if the keys are taken. Returns the new ETag. Never retried.</summary>
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        CheckEntity(entity);
        var response = await WriteAsync(() => _client.AddEntityAsync(TableEntityConversion.ToSdk(entity), cancellationToken), cancellationToken).ConfigureAwait(false);
        StorageOperationCounter.RecordEntitiesWritten(1);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Updates an existing entity only if its ETag matches (<see cref="ETag.All"/> for any): 404 / 412 otherwise.</summary>
    public async Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs an ETag; pass ETag.All to overwrite unconditionally.", nameof(ifMatch));
        }

        CheckEntity(entity);
        var response = await WriteAsync(
            () => _client.UpdateEntityAsync(TableEntityConversion.ToSdk(entity), ifMatch, ToSdk(mode), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        StorageOperationCounter.RecordEntitiesWritten(1);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Inserts or updates without a condition.</summary>
    public async Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        CheckEntity(entity);
        var response = await WriteAsync(
            () => _client.UpsertEntityAsync(TableEntityConversion.ToSdk(entity), ToSdk(mode), cancellationToken),
            cancellationToken).ConfigureAwait(false);
        StorageOperationCounter.RecordEntitiesWritten(1);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Deletes if the ETag matches (<see cref="ETag.All"/> for any); 404 if missing, 412 if stale.</summary>
    public async Task DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        CheckKeys(partitionKey, rowKey);
        await WriteAsync(
            async () =>
            {
                var response = await _client.DeleteEntityAsync(partitionKey, rowKey, ifMatch == default ? ETag.All : ifMatch, cancellationToken).ConfigureAwait(false);

                // The SDK answers a missing entity with a plain 404 response; callers of this client expect a failure.
                return response.Status == 404 ? throw TableErrors.NotFound(partitionKey, rowKey) : response;
            },
            cancellationToken).ConfigureAwait(false);
        StorageOperationCounter.RecordEntitiesWritten(1);
    }

    /// <summary>
    /// Runs a query and yields one page per response, following continuations until the end.
    /// <paramref name="maxPerPage"/> is <c>$top</c> (the service caps a page at 1,000).
    /// Pass a <paramref name="continuationToken"/> from an earlier page to resume.
    /// </summary>
    public async IAsyncEnumerable<TablePage> QueryAsync(
        string? filter = null,
        IEnumerable<string>? select = null,
        int? maxPerPage = null,
        string? continuationToken = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Keys are always selected: without them a row could not be addressed or paged past.
        var pages = _client.QueryAsync<Sdk.TableEntity>(filter, maxPerPage, WithKeys(select), cancellationToken)
            .AsPages(continuationToken, maxPerPage);
        var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<Sdk.TableEntity> page;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    page = enumerator.Current;
                }
                catch (Exception error) when (TableErrors.Translate(error, cancellationToken) is { } translated)
                {
                    throw translated;
                }

                var values = page.Values.Select(entity => TableEntityConversion.FromSdk(entity)).ToList();
                StorageOperationCounter.RecordEntitiesRead(values.Count);
                yield return new TablePage(values, page.ContinuationToken);
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Applies the operations atomically in one request, never retried by the pipeline. On failure
    /// nothing is applied and the exception's <see cref="TableRequestFailedException.FailedOperationIndex"/>
    /// names the culprit. Returns the new ETag of each operation, in order (default for deletes).
    /// </summary>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(TableTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);

        // The SDK sends whatever it is given, and the emulator applies batches Azure refuses.
        transaction.Validate();
        foreach (var action in transaction.Actions)
        {
            if (action.ActionType == TableTransactionActionType.Delete)
            {
                CheckKeys(action.Entity.PartitionKey, action.Entity.RowKey);
            }
            else
            {
                CheckEntity(action.Entity);
            }
        }

        var actions = transaction.Actions.Select(ToSdk).ToList();
        var response = await WriteAsync(() => _client.SubmitTransactionAsync(actions, cancellationToken), cancellationToken).ConfigureAwait(false);
        StorageOperationCounter.RecordEntitiesWritten(transaction.Count);
        return response.Value.Select(part => part.Headers.ETag ?? default).ToList();
    }

    private static Sdk.TableTransactionAction ToSdk(TableTransactionAction action)
    {
        var entity = TableEntityConversion.ToSdk(action.Entity);
        return action.ActionType switch
        {
            TableTransactionActionType.Add => new(Sdk.TableTransactionActionType.Add, entity),
            TableTransactionActionType.UpdateMerge => new(Sdk.TableTransactionActionType.UpdateMerge, entity, RequireETag(action)),
            TableTransactionActionType.UpdateReplace => new(Sdk.TableTransactionActionType.UpdateReplace, entity, RequireETag(action)),
            TableTransactionActionType.UpsertMerge => new(Sdk.TableTransactionActionType.UpsertMerge, entity),
            TableTransactionActionType.UpsertReplace => new(Sdk.TableTransactionActionType.UpsertReplace, entity),
            TableTransactionActionType.Delete => new(Sdk.TableTransactionActionType.Delete, entity, action.ETag == default ? ETag.All : action.ETag),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown transaction action."),
        };
    }

    private static ETag RequireETag(TableTransactionAction action) =>
        action.ETag == default
            ? throw new ArgumentException("An update in a transaction needs an ETag; use ETag.All or an upsert.", nameof(action))
            : action.ETag;

    private static Sdk.TableUpdateMode ToSdk(TableUpdateMode mode) =>
        mode == TableUpdateMode.Merge ? Sdk.TableUpdateMode.Merge : Sdk.TableUpdateMode.Replace;

    private static List<string>? WithKeys(IEnumerable<string>? select) => select?.Union(Keys, StringComparer.Ordinal).ToList();

    private void CheckKeys(string partitionKey, string rowKey)
    {
        if (_strict)
        {
            AzureTableLimits.ThrowIfRefused(AzureTableLimits.CheckKeys(partitionKey, rowKey));
        }
    }

    private void CheckEntity(TableEntity entity)
    {
        if (_strict)
        {
            AzureTableLimits.ThrowIfRefused(AzureTableLimits.CheckEntity(entity));
        }
    }

    private static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception error) when (TableErrors.Translate(error, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Runs a write and records whether storage may have applied it: it has, unless its only attempt
    /// was refused or never sent. The answer to an HTTP request that failed relies on this.
    /// </summary>
    private static async Task<T> WriteAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        using var attempts = StorageOperationCounter.Start();
        var maybeApplied = true;
        try
        {
            return await RunAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (TableRequestFailedException error) when (attempts.Requests <= 1 && error.ProvesAttemptNotApplied)
        {
            maybeApplied = false;
            throw;
        }
        finally
        {
            if (maybeApplied)
            {
                StorageOperationCounter.RecordWriteMaybeApplied();
            }
        }
    }

    private static async Task RunAsync(Func<Task> call, CancellationToken cancellationToken) =>
        await RunAsync(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
}
