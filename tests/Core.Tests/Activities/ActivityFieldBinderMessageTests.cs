using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>The exact words a client reads when a field's JSON value has the wrong type or is not text.</summary>
public sealed class ActivityFieldBinderMessageTests
{
    [Theory]
    [InlineData("""{"title": 42}""", "title", "Is required and must be a string.")]
    [InlineData("""{"title": "\ud800"}""", "title", "Is not valid Unicode text.")]
    [InlineData("""{"title": "ok", "status": "\udc00x"}""", "status", "Is not valid Unicode text.")]
    [InlineData("""{"title": "ok", "status": 7}""", "status", "Must be a string or null.")]
    [InlineData("""{"title": "ok", "properties": [1]}""", "properties", "Must be an object or null.")]
    [InlineData("""{"title": "ok", "properties": {"a": 1, "a": 2}}""", "properties", "A key appears more than once.")]
    [InlineData("""{"title": "ok", "read_at": "yesterday"}""", "read_at", "Must be null or an RFC 3339 date-time with an offset, such as 2026-01-15T10:30:00Z.")]
    public void Names_the_field_with_one_exact_message(string body, string field, string message)
    {
        var result = ActivityJson.BindCreate(Json.Parse(body));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Key);
        Assert.Equal([message], error.Value);
    }
}
