using System.Text;
using System.Text.Json;
using ActivityService.Functions.FunctionsHost;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>The readers of the host's invocation payload, value by value.</summary>
public sealed class HostValuesTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("\"\\\"abc\\\"\"", "abc")] // JSON-encoded twice
    [InlineData("\"\\\"\\\"\"", "")]
    [InlineData("42", "42")]
    [InlineData("\"not \\\"quoted\\\" whole\"", "not \"quoted\" whole")]
    public void Strings_are_decoded_once_more_when_encoded_twice(string json, string expected) =>
        Assert.Equal(expected, HostValues.String(Json(json)));

    [Fact]
    public void Literal_strings_keep_their_quotes() =>
        Assert.Equal("\"3\"", HostValues.Literal(Json("\"\\\"3\\\"\"")));

    [Theory]
    [InlineData("7", 7L)]
    [InlineData("\"7\"", 7L)]
    [InlineData("\"\\\"7\\\"\"", 7L)]
    [InlineData("\"9007199254740993\"", 9007199254740993L)]
    public void Numbers_may_arrive_as_strings(string json, long expected) =>
        Assert.Equal(expected, HostValues.Int64(Json(json)));

    [Theory]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("{}")]
    public void Non_numbers_are_not_numbers(string json) => Assert.Null(HostValues.Int64(Json(json)));

    [Fact]
    public void Objects_may_arrive_as_json_text()
    {
        var inner = """{"Url":"http://h/api/x","Method":"GET"}""";
        Assert.Equal("GET", HostValues.String(HostValues.Object(Json(JsonSerializer.Serialize(inner)))!.Value, "method"));
        Assert.Null(HostValues.Object(Json("\"[1,2]\"")));
    }

    [Fact]
    public void Base64_may_arrive_encoded_twice()
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"a\":1}"));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(HostValues.Base64(Json(JsonSerializer.Serialize(base64)))!));
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(HostValues.Base64(Json(JsonSerializer.Serialize(JsonSerializer.Serialize(base64))))!));
        Assert.Null(HostValues.Base64(Json("\"{not base64}\"")));
    }

    [Fact]
    public void An_older_hosts_request_shape_is_read_too()
    {
        // Query as a JSON string and no query in the URL, headers as single strings, body absent.
        var data = Json("""
            {"req":{"Url":"http://localhost:7071/api/activities","Method":"get","Query":"{\"limit\":\"5\",\"sort\":\"asc\"}",
                    "Headers":{"Authorization":"Bearer t","If-Match":"\"2\""},"Params":{}}}
            """);

        var request = HttpTriggerRequest.Parse(data, "req", out var error);

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/activities", request.Path.Value);
        Assert.Equal("?limit=5&sort=asc", request.Query.Value);
        Assert.Equal("Bearer t", request.Header("authorization"));
        Assert.Equal("\"2\"", request.Header("If-Match"));
        Assert.Empty(request.Body);
    }

    [Fact]
    public void The_url_query_is_kept_as_sent_with_repeated_names()
    {
        var data = Json("""
            {"req":{"Url":"https://app.example/api/activities?status=a&status=b&q=%2F","Method":"GET","Query":{"status":"a,b","q":"/"},
                    "Headers":{"Content-Type":["application/octet-stream"]},"Body":"AAEC"}}
            """);

        var request = HttpTriggerRequest.Parse(data, "req", out _)!;

        Assert.Equal("?status=a&status=b&q=%2F", request.Query.Value);
        Assert.Equal(new byte[] { 0, 1, 2 }, request.Body);
    }

    [Theory]
    [InlineData("""{"req":{"Method":"GET"}}""")]
    [InlineData("""{"req":{"Url":"http://h/api"}}""")]
    [InlineData("""{"other":{}}""")]
    public void A_request_without_url_or_method_is_refused(string json)
    {
        Assert.Null(HttpTriggerRequest.Parse(Json(json), "req", out var error));
        Assert.NotNull(error);
    }
}
