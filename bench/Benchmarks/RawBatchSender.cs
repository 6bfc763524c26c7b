using ActivityService.Core.Storage.Tables;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Benchmarks;

/// <summary>Posts prepared <c>$batch</c> bodies through the same authenticated pipeline the table client uses.</summary>
internal sealed class RawBatchSender(HttpPipeline pipeline, Uri endpoint)
{
    public static RawBatchSender Create(string connectionString)
    {
        var parsed = TableConnectionString.Parse(connectionString);
        var pipeline = HttpPipelineBuilder.Build(new TableClientOptions(), [], [new SharedKeyLitePolicy(parsed.AccountName, parsed.AccountKey)], new ResponseClassifier());
        return new RawBatchSender(pipeline, parsed.TableEndpoint);
    }

    public async Task SendAsync(byte[] body, string contentType)
    {
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(new Uri(endpoint.ToString().TrimEnd('/') + "/$batch"));
        message.Request.Headers.SetValue("x-ms-version", TableClientOptions.ServiceVersion);
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
}
