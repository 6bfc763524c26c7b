using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>
/// Readiness: 200 when storage answers and the table exists, 503 (problem+json) otherwise. Liveness
/// (<c>/api/health</c>) stays cheap and never touches storage, so a storage outage does not get the app restarted.
/// </summary>
public static partial class ReadinessApi
{
    public const string Path = "/api/health/ready";

    /// <summary>Bounds the probe (retries included): a load balancer's probe times out after a few seconds.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, CheckAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> CheckAsync(TableClient table, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            // One query on a key no row has: it reads nothing, but fails with 404 when the table is missing.
            var filter = "PartitionKey eq '' and RowKey eq '_ready'";
            await foreach (var _ in table.QueryAsync(filter, ["RowKey"], 1, cancellationToken: timeout.Token).ConfigureAwait(false))
            {
                break;
            }

            return TypedResults.Json(new { status = "ready" });
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = error is TableRequestFailedException { IsNotFound: true } ? "the table does not exist" : "storage is unreachable";
            LogNotReady(loggers.CreateLogger(typeof(ReadinessApi).FullName!), reason, error.GetType().Name);
            return Problems.ServiceUnavailable($"Not ready: {reason}.");
        }
    }

    [LoggerMessage(EventId = 90, Level = LogLevel.Warning, Message = "Readiness probe failed: {Reason} ({ErrorType})")]
    private static partial void LogNotReady(ILogger logger, string reason, string errorType);
}
