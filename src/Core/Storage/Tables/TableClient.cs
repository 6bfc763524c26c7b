using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// A small client for one Azure Table Storage table on Azure.Core's HTTP pipeline (retries, logging,
/// auth policies). It knows nothing of what the rows mean, so it could be replaced by
/// <c>Azure.Data.Tables.TableClient</c> by touching only this folder.
/// </summary>
public sealed class TableClient
{
    private const string JsonMetadata = "application/json;odata=minimalmetadata";
    private const string StorageScope = "https://storage.azure.com/.default";
    private static readonly RequestMethod Merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly string _endpoint;

    private TableClient(string endpoint, string tableName, HttpPipeline pipeline)
    {
        _endpoint = endpoint.TrimEnd('/');
        Name = tableName;
        _pipeline = pipeline;
    }

    public string Name { get; }

    public static TableClient FromConnectionString(string connectionString, string tableName, TableClientOptions? options = null)
    {
        var parsed = TableConnectionString.Parse(connectionString);
        return new TableClient(
            parsed.TableEndpoint.ToString(),
            tableName,
            BuildPipeline(options ?? new TableClientOptions(), new SharedKeyLitePolicy(parsed.AccountName, parsed.AccountKey)));
    }

    /// <summary>Entra ID auth (managed identity in Azure): the identity needs Storage Table Data Contributor.</summary>
    public static TableClient FromTokenCredential(Uri tableEndpoint, string tableName, TokenCredential credential, TableClientOptions? options = null) =>
        new(tableEndpoint.ToString(), tableName, BuildPipeline(
            options ?? new TableClientOptions(),
            new BearerTokenAuthenticationPolicy(credential, StorageScope)));

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, $"{_endpoint}/Tables");
        message.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        message.Request.Headers.SetValue("Content-Type", "application/json");
        message.Request.Headers.SetValue("Prefer", "return-no-content");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 409)
        {
            return;
        }

        EnsureSuccess(message.Response);
    }

    /// <summary>Deletes the table; used by tests to leave the emulator clean.</summary>
    public async Task DeleteTableAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"{_endpoint}/Tables('{Uri.EscapeDataString(Name)}')");
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status != 404)
        {
            EnsureSuccess(message.Response);
        }
    }

    /// <summary>Point read: one request. Returns null when the entity does not exist.</summary>
    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var uri = new StringBuilder(EntityUri(partitionKey, rowKey));
        if (select is not null)
        {
            uri.Append("?$select=").Append(Uri.EscapeDataString(string.Join(',', select.Union(["PartitionKey", "RowKey"]))));
        }

        using var message = CreateMessage(RequestMethod.Get, uri.ToString());
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.Status == 404)
        {
            return null;
        }

        EnsureSuccess(message.Response);
        using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
        StorageOperationCounter.RecordEntitiesRead(1);
        return TableEntityJson.Deserialize(document.RootElement, ReadETag(message.Response));
    }

    /// <summary>Inserts; 409 <c>EntityAlreadyExists</c> if the keys are taken. Returns the new ETag.</summary>
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(RequestMethod.Post, $"{_endpoint}/{Name}");
        message.ResponseClassifier = NotRetried.Instance;
        SetEntityBody(message.Request, entity);
        await SendWriteAsync(message, cancellationToken).ConfigureAwait(false);
        return ReadETag(message.Response) ?? default;
    }

    /// <summary>Updates an existing entity only if its ETag matches (<see cref="ETag.All"/> for any): 404 / 412 otherwise.</summary>
    public async Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs an ETag; pass ETag.All to overwrite unconditionally.", nameof(ifMatch));
        }

        using var message = CreateMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityUri(entity.PartitionKey, entity.RowKey));
        message.Request.Headers.SetValue("If-Match", ifMatch.ToString());
        SetEntityBody(message.Request, entity);
        await SendWriteAsync(message, cancellationToken).ConfigureAwait(false);
        return ReadETag(message.Response) ?? default;
    }

    /// <summary>Inserts or updates without a condition.</summary>
    public async Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        using var message = CreateMessage(mode == TableUpdateMode.Merge ? Merge : RequestMethod.Put, EntityUri(entity.PartitionKey, entity.RowKey));
        SetEntityBody(message.Request, entity);
        await SendWriteAsync(message, cancellationToken).ConfigureAwait(false);
        return ReadETag(message.Response) ?? default;
    }

    /// <summary>Deletes if the ETag matches (<see cref="ETag.All"/> for any); 404 if missing, 412 if stale.</summary>
    public async Task DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, EntityUri(partitionKey, rowKey));
        message.Request.Headers.SetValue("If-Match", (ifMatch == default ? ETag.All : ifMatch).ToString());
        await SendWriteAsync(message, cancellationToken).ConfigureAwait(false);
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
        var selectList = select is null ? null : string.Join(',', select.Union(["PartitionKey", "RowKey"]));
        var next = continuationToken is null ? null : TableContinuation.Decode(continuationToken);
        do
        {
            var uri = new StringBuilder($"{_endpoint}/{Name}()?");
            AppendQuery(uri, "$filter", filter);
            AppendQuery(uri, "$select", selectList);
            AppendQuery(uri, "$top", maxPerPage?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AppendQuery(uri, "NextPartitionKey", next?.PartitionKey);
            AppendQuery(uri, "NextRowKey", next?.RowKey);

            using var message = CreateMessage(RequestMethod.Get, uri.ToString().TrimEnd('?', '&'));
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            EnsureSuccess(message.Response);

            using var document = JsonDocument.Parse(message.Response.Content.ToMemory());
            var values = document.RootElement.GetProperty("value").EnumerateArray()
                .Select(element => TableEntityJson.Deserialize(element))
                .ToList();
            StorageOperationCounter.RecordEntitiesRead(values.Count);

            next = TableContinuation.FromHeaders(message.Response.Headers);
            yield return new TablePage(values, next?.Encode());
        }
        while (next is not null);
    }

    /// <summary>
    /// Applies the operations atomically in one request. On failure nothing is applied and the
    /// exception's <see cref="TableRequestFailedException.FailedOperationIndex"/> names the culprit.
    /// Returns the new ETag of each operation, in order (default for deletes).
    /// </summary>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(TableTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        transaction.Validate();

        var batch = TableBatchFormat.Write(transaction.Actions, _endpoint, Name);
        using var message = CreateMessage(RequestMethod.Post, $"{_endpoint}/$batch");
        message.Request.Content = RequestContent.Create(batch.Body);
        message.Request.Headers.SetValue("Content-Type", batch.ContentType);
        message.ResponseClassifier = NotRetried.Instance;
        await SendOrOutcomeUnknownAsync(message, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(message.Response);

        var contentType = message.Response.Headers.TryGetValue("Content-Type", out var value) ? value : "";
        var result = TableBatchFormat.Read(message.Response.Content.ToString(), contentType);
        if (result.Failure is { } failure)
        {
            throw failure;
        }

        StorageOperationCounter.RecordEntitiesWritten(transaction.Count);
        return result.ETags;
    }

    private static HttpPipeline BuildPipeline(TableClientOptions options, HttpPipelinePolicy authPolicy) =>
        HttpPipelineBuilder.Build(options, [], [new RequestCountingPolicy(), authPolicy], new ResponseClassifier());

    private HttpMessage CreateMessage(RequestMethod method, string uri)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(uri));
        message.Request.Headers.SetValue("x-ms-version", TableClientOptions.ServiceVersion);
        message.Request.Headers.SetValue("Accept", JsonMetadata);
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        return message;
    }

    private async Task SendWriteAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        await SendOrOutcomeUnknownAsync(message, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(message.Response);
        StorageOperationCounter.RecordEntitiesWritten(1);
    }

    /// <summary>A write whose transport failed may or may not have been applied: status 0 says so.</summary>
    private async Task SendOrOutcomeUnknownAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or HttpRequestException or RequestFailedException { Status: 0 }
            || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new TableRequestFailedException(0, null, "The storage request failed in transport; it may or may not have been applied.", null, error);
        }
    }

    /// <summary>Inserts and transactions are not idempotent: a retry of one that was applied would fail or double it.</summary>
    private sealed class NotRetried : ResponseClassifier
    {
        public static readonly NotRetried Instance = new();

        public override bool IsRetriableResponse(HttpMessage message) => false;

        public override bool IsRetriableException(Exception exception) => false;

        public override bool IsRetriable(HttpMessage message, Exception exception) => false;
    }

    private static void SetEntityBody(Request request, TableEntity entity)
    {
        request.Content = RequestContent.Create(TableEntityJson.Serialize(entity));
        request.Headers.SetValue("Content-Type", "application/json");
        request.Headers.SetValue("Prefer", "return-no-content");
    }

    private string EntityUri(string partitionKey, string rowKey) =>
        $"{_endpoint}/{Name}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static void AppendQuery(StringBuilder uri, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (uri[^1] != '?')
        {
            uri.Append('&');
        }

        uri.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static ETag? ReadETag(Response response) =>
        response.Headers.ETag;

    private static void EnsureSuccess(Response response)
    {
        if (response.Status is >= 200 and < 300)
        {
            return;
        }

        throw TableErrors.FromResponse(response.Status, response.Content.ToString());
    }
}
