using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The pipeline's retries, minus inserts and entity group transactions (every POST but table creation).
/// Point reads, queries, upserts and ETag-conditional updates and deletes are safe to repeat. An insert
/// or a transaction is not: if the first attempt was applied and only its answer was lost, the repeat
/// fails with 409 and would report a conflict for a write that succeeded. Such a failure surfaces
/// instead as <see cref="TableRequestFailedException.IsOutcomeUnknown"/>, and the caller decides.
/// </summary>
internal sealed class IdempotentRetryPolicy(RetryOptions options)
    : RetryPolicy(options.MaxRetries, options.Mode == RetryMode.Exponential
        ? DelayStrategy.CreateExponentialDelayStrategy(options.Delay, options.MaxDelay)
        : DelayStrategy.CreateFixedDelayStrategy(options.Delay))
{
    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        IsIdempotent(message.Request) && base.ShouldRetry(message, exception);

    protected override ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        IsIdempotent(message.Request) ? base.ShouldRetryAsync(message, exception) : new ValueTask<bool>(false);

    /// <summary>Creating a table is safe to repeat: "already exists" is what the caller wants.</summary>
    internal static bool IsIdempotent(Request request) =>
        request.Method != RequestMethod.Post || request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal);
}
