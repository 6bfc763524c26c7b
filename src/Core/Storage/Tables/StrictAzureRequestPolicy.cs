using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The strict-Azure check of what only the wire shows: the <c>$filter</c> as sent (comparisons, length),
/// the URL length and the size of a <c>$batch</c> body. Runs once per call, before the retry policy, so
/// a refused request is never sent (and never counted as a round trip).
/// </summary>
internal sealed class StrictAzureRequestPolicy : HttpPipelineSynchronousPolicy
{
    /// <summary>A generous bound on the whole URL; the service answers 414 beyond its limit.</summary>
    public const int MaxUrlChars = 8 * 1024;

    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        if (uri.AbsoluteUri.Length > MaxUrlChars)
        {
            AzureTableLimits.ThrowIfRefused(new("RequestUrlTooLong", $"The URL has {uri.AbsoluteUri.Length} characters; keep it under {MaxUrlChars}.", 414));
        }

        if (HttpUtility.ParseQueryString(uri.Query)["$filter"] is { } filter)
        {
            AzureTableLimits.ThrowIfRefused(AzureTableLimits.CheckFilter(filter));
        }

        if (uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal)
            && message.Request.Content is { } content
            && content.TryComputeLength(out var length)
            && length > AzureTableLimits.MaxBatchPayloadBytes)
        {
            AzureTableLimits.ThrowIfRefused(new("RequestBodyTooLarge", $"The transaction body is {length} bytes; Azure allows {AzureTableLimits.MaxBatchPayloadBytes}.", 413));
        }
    }
}
