using System.Net;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// CORS is off unless <c>Cors:AllowedOrigins</c> is set (comma list or array). An allowed origin gets
/// a successful preflight and a readable cross-origin response; any other origin gets no CORS headers,
/// so the browser blocks it.
/// </summary>
public sealed class CorsTests
{
    private const string Allowed = "http://localhost:5173";
    private const string AlsoAllowed = "https://app.example";
    private const string Other = "http://evil.example";

    public static TheoryData<string[]> Settings => new()
    {
        new[] { $"--Cors:AllowedOrigins={Allowed}, {AlsoAllowed}" },
        new[] { $"--Cors:AllowedOrigins:0={Allowed}", $"--Cors:AllowedOrigins:1={AlsoAllowed}" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task An_allowed_origin_passes_preflight_and_reads_the_response_and_another_origin_gets_no_cors_headers(string[] setting)
    {
        await using var server = await AppServer.StartAsync(setting);
        using var client = await server.ClientAsync(ApiFixture.NewCompany(), "u1", "staff");

        foreach (var origin in new[] { Allowed, AlsoAllowed })
        {
            using var preflight = await PreflightAsync(client, origin);
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            Assert.Equal(origin, Header(preflight, "Access-Control-Allow-Origin"));
            Assert.Contains("authorization", Header(preflight, "Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("GET", Header(preflight, "Access-Control-Allow-Methods")!, StringComparison.Ordinal);

            using var actual = await GetFromAsync(client, origin);
            Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
            Assert.Equal(origin, Header(actual, "Access-Control-Allow-Origin"));
        }

        using var otherPreflight = await PreflightAsync(client, Other);
        Assert.Null(Header(otherPreflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(otherPreflight, "Access-Control-Allow-Headers"));
        using var otherActual = await GetFromAsync(client, Other);
        Assert.Null(Header(otherActual, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Cross_origin_responses_expose_the_etag_to_scripts()
    {
        await using var server = await AppServer.StartAsync($"--Cors:AllowedOrigins={Allowed}");
        using var client = await server.ClientAsync(ApiFixture.NewCompany(), "u1", "staff");

        using var actual = await GetFromAsync(client, Allowed);

        Assert.Contains("ETag", Header(actual, "Access-Control-Expose-Headers")!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_the_setting_no_origin_gets_cors_headers()
    {
        await using var server = await AppServer.StartAsync();
        using var client = await server.ClientAsync(ApiFixture.NewCompany(), "u1", "staff");

        using var preflight = await PreflightAsync(client, Allowed);
        using var actual = await GetFromAsync(client, Allowed);

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(actual, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(ApiRequests.MyActivities, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetFromAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ApiRequests.MyActivities, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return client.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
