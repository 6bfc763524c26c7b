using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Known-valid activity content to vary with <c>with</c> in tests.</summary>
internal static class ActivityContents
{
    public static ActivityContent Minimal { get; } = new() { Title = "New order placed" };

    /// <summary>Every writable field set, each to a valid value.</summary>
    public static ActivityContent Full { get; } = new()
    {
        UserId = "u1",
        ContactId = "c-1",
        VisitorId = "v-1",
        CustomerId = "cust-1",
        RelationType = "product",
        RelationId = "33333",
        ActivityType = "Meeting",
        MessageType = "schedule_invitation",
        Direction = "pivot_to_client",
        Title = "New order placed",
        Description = "Jane Smith placed an order for $150.00",
        FormattedDescription = "<strong>Jane Smith</strong> placed an order for $150.00",
        Slug = "order_placed",
        Status = "pending",
        ScheduledDate = "2026-01-20",
        ExternalId = "4455",
        ApptNumber = "A-1",
        CustomerNumber = "C-9",
        Properties = Properties("""{"amount": 150, "currency": "USD", "paid": false, "note": null}"""),
        ReadAt = new DateTimeOffset(2026, 1, 15, 10, 30, 0, 123, TimeSpan.Zero),
    };

    public static IReadOnlyDictionary<string, JsonElement> Properties(string jsonObject) =>
        Json.Parse(jsonObject).EnumerateObject().ToDictionary(member => member.Name, member => member.Value.Clone());

    /// <summary>The activity a store would hold for <paramref name="content"/> in tenant <c>acme</c>.</summary>
    public static Activity Stored(ActivityContent content, long version = 1) => new()
    {
        Id = "01JHTESTACTIVITY0000000000",
        CompanyId = "acme",
        Content = content,
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Version = version,
    };
}
