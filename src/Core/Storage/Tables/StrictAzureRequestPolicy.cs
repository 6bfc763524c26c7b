using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The strict-Azure check of what only the wire shows: the <c>$filter</c> as sent (comparisons, and its
/// length, which is what meets the service's URL limit) and the size of a <c>$batch</c> body. Runs once per call, before the retry policy, so
/// a refused request is never sent (and never counted as a round trip).
/// </summary>
internal sealed class StrictAzureRequestPolicy : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        if (HttpUtility.ParseQueryString(uri.Query)["$filter"] is { } filter)
        {
            AzureTableLimits.ThrowIfRefused(AzureTableLimits.CheckFilter(filter));
        }

        if (uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) && message.Request.Content is { } content)
        {
            var length = Length(content, message.CancellationToken);
            if (length > AzureTableLimits.MaxBatchPayloadBytes)
            {
                AzureTableLimits.ThrowIfRefused(new("RequestBodyTooLarge", $"The transaction body is {length} bytes; Azure allows {AzureTableLimits.MaxBatchPayloadBytes}.", 413));
            }
        }
    }

    /// <summary>The body's size; a multipart body may not know it, so it is written out once to measure.</summary>
    private static long Length(RequestContent content, CancellationToken cancellationToken)
    {
        if (content.TryComputeLength(out var length))
        {
            return length;
        }

        using var copy = new MemoryStream();
        content.WriteTo(copy, cancellationToken);
        return copy.Length;
    }
}
