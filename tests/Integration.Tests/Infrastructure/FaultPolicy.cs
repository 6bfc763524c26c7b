using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Integration.Tests.Infrastructure;

/// <summary>
/// Injects storage faults into the table client's pipeline: fail requests before they are sent
/// (an outage), or lose the response of a request the service did apply.
/// </summary>
public sealed class FaultPolicy : HttpPipelinePolicy
{
    /// <summary>When true, every request fails as if storage were unreachable.</summary>
    public bool Outage { get; set; }

    /// <summary>Number of upcoming transaction responses to lose after the service applied them.</summary>
    public int LoseNextBatchResponses { get; set; }

    /// <summary>When true, losing a response also starts an outage, so the write cannot be checked afterwards.</summary>
    public bool OutageAfterLostResponse { get; set; }

    public int BatchesSent { get; private set; }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Outage)
        {
            throw new IOException("Injected fault: storage unreachable.");
        }

        await ProcessNextAsync(message, pipeline);
        if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal))
        {
            BatchesSent++;
            if (LoseNextBatchResponses > 0)
            {
                LoseNextBatchResponses--;
                Outage = OutageAfterLostResponse;
                throw new IOException("Injected fault: the response was lost after the service applied the transaction.");
            }
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
}
