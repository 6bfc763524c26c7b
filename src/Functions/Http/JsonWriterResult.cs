using System.Buffers;
using System.Text.Json;

namespace ActivityService.Functions.Http;

/// <summary>A JSON response written straight to the body with <see cref="Utf8JsonWriter"/>, with optional ETag and Location.</summary>
public sealed class JsonWriterResult(int statusCode, Action<Utf8JsonWriter> write, string? etag = null, string? location = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        if (location is not null)
        {
            response.Headers.Location = location;
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
