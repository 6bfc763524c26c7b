using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>
/// The original HTTP request of a payload-mode invocation, rebuilt from <c>Data.req</c>. The host fills it
/// in <c>HttpRequestExtensions.GetRequestAsJObject</c> (Azure/azure-functions-host): <c>Url</c> (with the
/// query string), <c>Method</c>, <c>Query</c> (name → value, several values joined with commas),
/// <c>Headers</c> (name → array of values), <c>Params</c> (route values), <c>Identities</c> and <c>Body</c>
/// (a string; base64 for octet-stream and multipart; absent when the request had no body).
/// </summary>
public sealed record HttpTriggerRequest(string Method, Uri Url, PathString Path, QueryString Query, IReadOnlyList<KeyValuePair<string, StringValues>> Headers, byte[] Body)
{
    private static readonly Uri FallbackBase = new("http://localhost/");

    /// <summary>The first value of a header, ignoring the name's case.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Count: > 0 } values
            ? values[0]
            : null;

    public static HttpTriggerRequest? Parse(JsonElement data, string bindingName, out string? error)
    {
        if (HostValues.Object(data, bindingName) is not { } request)
        {
            error = $"Data.{bindingName} is missing or not an object.";
            return null;
        }

        var method = HostValues.String(request, "Method");
        var url = HostValues.String(request, "Url");
        if (string.IsNullOrWhiteSpace(method) || string.IsNullOrWhiteSpace(url))
        {
            error = $"Data.{bindingName} needs Method and Url.";
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) && !Uri.TryCreate(FallbackBase, url, out uri))
        {
            error = $"Data.{bindingName}.Url is not a URL.";
            return null;
        }

        var headers = ReadHeaders(request);
        var query = uri.Query.Length > 1 ? QueryString.FromUriComponent(uri) : QueryFromObject(request);
        var contentType = headers.FirstOrDefault(header => string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value.ToString();
        var body = HostValues.HttpBody(HostValues.TryGetProperty(request, "Body", out var bodyValue) ? bodyValue : null, contentType);
        error = null;
        return new HttpTriggerRequest(method.Trim().ToUpperInvariant(), uri, PathString.FromUriComponent(uri), query, headers, body);
    }

    private static List<KeyValuePair<string, StringValues>> ReadHeaders(JsonElement request)
    {
        var headers = new List<KeyValuePair<string, StringValues>>();
        if (HostValues.Object(request, "Headers") is not { } map)
        {
            return headers;
        }

        foreach (var header in map.EnumerateObject())
        {
            var values = header.Value.ValueKind == JsonValueKind.Array
                ? new StringValues([.. header.Value.EnumerateArray().Select(HostValues.Literal).OfType<string>()])
                : HostValues.Literal(header.Value) is { } single ? new StringValues(single) : StringValues.Empty;
            headers.Add(new(header.Name, values));
        }

        return headers;
    }

    /// <summary>Only when the URL carries no query: the host's <c>Query</c> object (older hosts sent it as a JSON string).</summary>
    private static QueryString QueryFromObject(JsonElement request)
    {
        if (HostValues.Object(request, "Query") is not { } query)
        {
            return QueryString.Empty;
        }

        var pairs = query.EnumerateObject()
            .Select(pair => new KeyValuePair<string, string?>(pair.Name, HostValues.Literal(pair.Value)))
            .Where(pair => pair.Value is not null)
            .ToList();
        return pairs.Count == 0 ? QueryString.Empty : QueryString.Create(pairs);
    }
}
