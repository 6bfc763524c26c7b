using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Functions.Telemetry;

/// <summary>
/// Counts storage requests the pipeline sent again (after a 5xx, 408, 429 or a transport error). It sits in
/// the per-retry position, so it sees every attempt of a message; the first attempt is not a retry.
/// </summary>
public sealed class StorageRetryMetrics : HttpPipelinePolicy
{
    public const string MeterName = "ActivityService.Storage";

    private const string AttemptProperty = "ActivityService.Attempt";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("activity_storage_retries", description: "Storage requests sent again by the retry policy.");

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private static void Count(HttpMessage message)
    {
        var attempt = message.TryGetProperty(AttemptProperty, out var value) && value is int previous ? previous + 1 : 1;
        message.SetProperty(AttemptProperty, attempt);
        if (attempt > 1)
        {
            Retries.Add(1, new KeyValuePair<string, object?>("method", message.Request.Method.Method));
        }
    }
}
