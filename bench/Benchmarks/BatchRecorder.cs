using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Benchmarks;

/// <summary>Keeps a copy of every entity group transaction the table client sends, to replay them raw later.</summary>
internal sealed class BatchRecorder : HttpPipelinePolicy
{
    public List<(byte[] Body, string ContentType)> Batches { get; } = [];

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Record(message);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Record(message);
    }

    private void Record(HttpMessage message)
    {
        if (message.Request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal) && message.Response.Status == 202 && message.Request.Content is { } content)
        {
            using var copy = new MemoryStream();
            content.WriteTo(copy, default);
            message.Request.Headers.TryGetValue("Content-Type", out var contentType);
            Batches.Add((copy.ToArray(), contentType!));
        }
    }
}
