using System.Net;
using System.Text.Json;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// The OpenAPI document against what the running app answers: problem types, status codes and headers
/// that a client relies on.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task The_405_problem_type_the_app_answers_with_is_a_documented_problem_type()
    {
        await using var server = await AppServer.StartAsync();
        using var client = await server.ClientAsync(ApiFixture.NewCompany(), "boss", "admin");
        using var document = await FetchAsync(server);

        using var response = await client.PutAsync(new Uri("/api/activities/some-id", UriKind.Relative), new StringContent("{}"));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);

        var types = Enum(document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties").GetProperty("type"));
        Assert.Contains(problem.GetProperty("type").GetString(), types);
    }

    [Fact]
    public async Task Every_documented_503_names_the_Retry_After_header()
    {
        await using var server = await AppServer.StartAsync();
        using var document = await FetchAsync(server);
        var root = document.RootElement;

        var unavailable = DocumentedOperations(root)
            .Where(operation => operation.Value.GetProperty("responses").TryGetProperty("503", out _))
            .ToList();
        var withoutRetryAfter = unavailable
            .Where(operation => !Dereference(root, operation.Value.GetProperty("responses").GetProperty("503")).TryGetProperty("headers", out var headers)
                || !headers.TryGetProperty("Retry-After", out _))
            .Select(operation => operation.Key)
            .ToList();

        Assert.NotEmpty(unavailable);
        Assert.Empty(withoutRetryAfter);
    }

    [Fact]
    public async Task Single_activity_reads_document_If_None_Match_and_the_304_with_its_ETag()
    {
        await using var server = await AppServer.StartAsync();
        using var document = await FetchAsync(server);
        var root = document.RootElement;

        foreach (var key in new[] { "GET /api/activities/{}", "GET /api/me/activities/{}" })
        {
            var operation = DocumentedOperations(root)[key];
            var parameters = operation.GetProperty("parameters").EnumerateArray().Select(parameter => Dereference(root, parameter));
            Assert.Contains(parameters, parameter => parameter.GetProperty("name").GetString() == "If-None-Match" && parameter.GetProperty("in").GetString() == "header");
            var notModified = Dereference(root, operation.GetProperty("responses").GetProperty("304"));
            Assert.True(notModified.GetProperty("headers").TryGetProperty("ETag", out _), key);
            Assert.False(notModified.TryGetProperty("content", out _), key);
        }
    }

    /// <summary>The object a local <c>$ref</c> points at, or the element itself when it is not a reference.</summary>
    private static JsonElement Dereference(JsonElement root, JsonElement element)
    {
        if (!element.TryGetProperty("$ref", out var reference))
        {
            return element;
        }

        var current = root;
        foreach (var token in reference.GetString()![2..].Split('/'))
        {
            current = current.GetProperty(token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }

        return current;
    }
}
