using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Benchmarks;

/// <summary>
/// Posts prepared <c>$batch</c> bodies on a bare signed pipeline of its own (no retries), to measure
/// the emulator's raw rate for the very transactions the table client sent.
/// </summary>
internal sealed class RawBatchSender(HttpPipeline pipeline, Uri endpoint)
{
    private const string ServiceVersion = "2020-12-06";

    /// <summary>Takes AccountName, AccountKey and TableEndpoint from a connection string such as the one test.sh exports.</summary>
    public static RawBatchSender Create(string connectionString)
    {
        var parts = connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        var pipeline = HttpPipelineBuilder.Build(
            new RawOptions(),
            [],
            [new SharedKeyLitePolicy(parts["AccountName"], Convert.FromBase64String(parts["AccountKey"]))],
            new ResponseClassifier());
        return new RawBatchSender(pipeline, new Uri(parts["TableEndpoint"].TrimEnd('/')));
    }

    public async Task SendAsync(byte[] body, string contentType)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(endpoint.ToString().TrimEnd('/') + "/$batch"));
        message.Request.Headers.SetValue("x-ms-version", ServiceVersion);
        message.Request.Headers.SetValue("Accept", "application/json;odata=minimalmetadata");
        message.Request.Headers.SetValue("DataServiceVersion", "3.0");
        message.Request.Headers.SetValue("Content-Type", contentType);
        message.Request.Content = RequestContent.Create(body);
        await pipeline.SendAsync(message, default);
        if (message.Response.Status != 202 || message.Response.Content.ToString().Contains("HTTP/1.1 4", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Replayed transaction failed: {message.Response.Status} {message.Response.Content}");
        }
    }

    private sealed class RawOptions : ClientOptions
    {
        public RawOptions() => Retry.MaxRetries = 0;
    }
}
