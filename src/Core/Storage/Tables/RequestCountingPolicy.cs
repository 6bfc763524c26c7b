using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Core.Storage.Tables;

/// <summary>Records every attempt on the wire (per-retry position), so retries count as the round trips they are.</summary>
internal sealed class RequestCountingPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => StorageOperationCounter.RecordRequest();
}
