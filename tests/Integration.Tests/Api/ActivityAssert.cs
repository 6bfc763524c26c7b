using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Checks of the activity resource (contract §3) and its single-activity responses (contract §3.2).</summary>
public static partial class ActivityAssert
{
    /// <summary>Every field of the resource, in the order of contract §3.</summary>
    public static readonly string[] Fields =
    [
        "id", "company_id", "user_id", "contact_id", "visitor_id", "customer_id", "relation_type", "relation_id",
        "activity_type", "message_type", "direction", "title", "description", "formatted_description", "slug",
        "status", "scheduled_date", "external_id", "appt_number", "customer_number", "properties", "read_at",
        "seen_at", "archived_at",
        "created_at", "updated_at", "version",
    ];

    /// <summary>Has exactly the fields of contract §3 (snake_case), well-formed times and a positive version.</summary>
    public static void IsActivity(JsonElement activity)
    {
        Assert.Equal(JsonValueKind.Object, activity.ValueKind);
        Assert.Equal(Fields.Order(StringComparer.Ordinal), activity.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.False(string.IsNullOrEmpty(activity.Id()));
        IsTime(activity.Text("created_at"));
        IsTime(activity.Text("updated_at"));
        if (activity.GetProperty("read_at").ValueKind != JsonValueKind.Null)
        {
            IsTime(activity.Text("read_at"));
        }

        Assert.Equal(JsonValueKind.Object, activity.GetProperty("properties").ValueKind);
        Assert.True(activity.Version() >= 1);
    }

    /// <summary>RFC 3339 UTC with exactly three fractional digits and <c>Z</c>.</summary>
    public static DateTimeOffset IsTime(string? text)
    {
        Assert.NotNull(text);
        Assert.Matches(TimeShape(), text);
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    public static DateTimeOffset Time(this JsonElement activity, string field) => IsTime(activity.Text(field));

    /// <summary>A 200 (or <paramref name="status"/>) single-activity response with ETag "&lt;version&gt;"; returns the activity.</summary>
    public static async Task<JsonElement> IsActivityResponseAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var activity = ApiRequests.Parse(text);
        IsActivity(activity);
        Assert.NotNull(response.Headers.ETag);
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal(ApiRequests.ETagOf(activity.Version()), response.Headers.ETag.Tag);
        return activity;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimeShape();
}
