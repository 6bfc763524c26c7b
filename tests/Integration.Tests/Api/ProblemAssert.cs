using System.Net;
using System.Text.Json;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Checks the error contract of contract §5.7 on a response.</summary>
public static class ProblemAssert
{
    /// <summary>Words that would reveal how or where data is stored.</summary>
    private static readonly string[] StorageWords = ["Table", "PartitionKey", "RowKey", "Azurite", "devstoreaccount", "odata"];

    /// <summary>
    /// The response has <paramref name="status"/> and an <c>application/problem+json</c> body with
    /// type, title, status and detail, and gives away no stack trace or storage detail.
    /// </summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        var problem = ApiRequests.Parse(text);
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        foreach (var member in new[] { "type", "title", "detail" })
        {
            Assert.True(
                problem.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0,
                $"The problem lacks a non-empty \"{member}\": {text}");
        }

        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        foreach (var word in StorageWords)
        {
            Assert.DoesNotContain(word, text, StringComparison.Ordinal);
        }

        return problem;
    }

    /// <summary>A 400 problem whose <c>errors</c> object names each of <paramref name="fields"/> with at least one message.</summary>
    public static async Task<JsonElement> IsValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object, $"No errors object: {problem}");
        foreach (var field in fields)
        {
            Assert.True(errors.TryGetProperty(field, out var messages), $"errors does not name \"{field}\": {errors}");
            Assert.True(messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0, $"errors.{field} has no message: {errors}");
        }

        return problem;
    }
}
