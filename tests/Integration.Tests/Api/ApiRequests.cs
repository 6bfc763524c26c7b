using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Terse HTTP calls against the activity API, as a client would make them.</summary>
public static class ApiRequests
{
    public const string Activities = "/api/activities";
    public const string MyActivities = "/api/me/activities";
    public const string UnreadCount = "/api/me/activities/unread-count";
    public const string MarkRead = "/api/me/activities/mark-read";

    /// <summary>Upper bound on pages walked by <see cref="ListAllAsync"/>, so a broken cursor cannot loop forever.</summary>
    public const int MaxPages = 200;

    /// <summary>A request with a raw body and content type, for bodies a JSON serializer would not produce.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(
        this HttpClient client,
        HttpMethod method,
        string path,
        string? body,
        string? contentType = "application/json",
        string? ifMatch = null,
        string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostActivityAsync(this HttpClient client, object body, string? idempotencyKey = null) =>
        client.SendRawAsync(HttpMethod.Post, Activities, JsonSerializer.Serialize(body), idempotencyKey: idempotencyKey);

    /// <summary>Creates an activity and returns it, failing the test unless the answer is 201.</summary>
    public static async Task<JsonElement> CreateActivityAsync(this HttpClient admin, object body)
    {
        using var response = await admin.PostActivityAsync(body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, object patch, string? ifMatch = null) =>
        client.SendRawAsync(HttpMethod.Patch, path, JsonSerializer.Serialize(patch), "application/merge-patch+json", ifMatch);

    public static Task<HttpResponseMessage> DeleteAtAsync(this HttpClient client, string path, string? ifMatch = null) =>
        client.SendRawAsync(HttpMethod.Delete, path, null, null, ifMatch);

    /// <summary>GETs a JSON document, failing the test unless the answer is 200.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return Parse(text);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        Parse(await response.Content.ReadAsStringAsync());

    /// <summary>One page of a listing.</summary>
    public static async Task<(List<JsonElement> Items, string? NextCursor)> PageAsync(this HttpClient client, string pathAndQuery)
    {
        var page = await client.GetJsonAsync(pathAndQuery);
        var next = page.GetProperty("next_cursor");
        return (page.GetProperty("data").EnumerateArray().ToList(), next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    /// <summary>Every item of a listing, walking its pages (at most <see cref="MaxPages"/>).</summary>
    public static async Task<List<JsonElement>> ListAllAsync(this HttpClient client, string path, string query = "")
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < MaxPages; pages++)
        {
            var (items, next) = await client.PageAsync(WithQuery(path, query, cursor));
            all.AddRange(items);
            if (next is null)
            {
                return all;
            }

            cursor = next;
        }

        Assert.Fail($"{path}?{query} did not end within {MaxPages} pages.");
        return all;
    }

    /// <summary>The titles of one page of a listing, comma-joined: a readable expectation for small data sets.</summary>
    public static async Task<string> TitlesAsync(this HttpClient client, string path, string query = "")
    {
        var (items, _) = await client.PageAsync(WithQuery(path, query, null));
        return string.Join(",", items.Select(item => item.GetProperty("title").GetString()));
    }

    public static async Task<List<string>> IdsAsync(this HttpClient client, string path, string query = "") =>
        (await client.ListAllAsync(path, query)).Select(Id).ToList();

    public static async Task<int> UnreadCountAsync(this HttpClient user) =>
        (await user.GetJsonAsync(UnreadCount)).GetProperty("unread_count").GetInt32();

    public static string WithQuery(string path, string query, string? cursor)
    {
        var parts = new List<string>();
        if (query.Length > 0)
        {
            parts.Add(query);
        }

        if (cursor is not null)
        {
            parts.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    public static string Id(this JsonElement activity) => activity.GetProperty("id").GetString()!;

    public static string? Text(this JsonElement activity, string field) =>
        activity.GetProperty(field) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long Version(this JsonElement activity) => activity.GetProperty("version").GetInt64();

    public static string ETagOf(long version) => "\"" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    public static JsonElement Parse(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
