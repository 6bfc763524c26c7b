using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

/// <summary>Contract §6 copies as of their event's time: reading a field's value and rebuilding the activity from its history.</summary>
public sealed class EventDeciderAsOfTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_768_473_000_123);

    private static readonly ActivityContent Full = new()
    {
        Title = "Title",
        Description = "Description",
        UserId = "u1",
        ScheduledDate = "2026-01-15",
        ApptNumber = "A1",
        CustomerNumber = "C1",
        Status = "pending",
        ActivityType = "Meeting",
        Properties = new Dictionary<string, JsonElement> { ["room"] = JsonSerializer.SerializeToElement(4) },
    };

    [Theory]
    [InlineData("user_id", "u1")]
    [InlineData("scheduled_date", "2026-01-15")]
    [InlineData("appt_number", "A1")]
    [InlineData("customer_number", "C1")]
    [InlineData("status", "pending")]
    [InlineData("title", "Title")]
    [InlineData("description", "Description")]
    [InlineData("activity_type", "Meeting")]
    public void The_value_of_a_known_field_is_its_text(string field, string expected)
    {
        Assert.Equal(expected, EventDecider.ValueOf(Full, field)!.Value.GetString());
    }

    [Fact]
    public void An_unset_or_unknown_field_is_JSON_null()
    {
        Assert.Equal(JsonValueKind.Null, EventDecider.ValueOf(new ActivityContent { Title = "t" }, "status")!.Value.ValueKind);
        Assert.Equal(JsonValueKind.Null, EventDecider.ValueOf(Full, "read_at")!.Value.ValueKind);
    }

    [Fact]
    public void A_property_is_its_JSON_value_or_null_when_absent()
    {
        Assert.Equal(4, EventDecider.ValueOf(Full, "properties.room")!.Value.GetInt32());
        Assert.Null(EventDecider.ValueOf(Full, "properties.floor"));
        Assert.Null(EventDecider.ValueOf(Full, "properties.Room"));
    }

    [Fact]
    public void ValueOf_refuses_missing_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => EventDecider.ValueOf(null!, "title"));
        Assert.Throws<ArgumentNullException>(() => EventDecider.ValueOf(Full, null!));
    }

    [Theory]
    [InlineData("user_id", true)]
    [InlineData("activity_type", true)]
    [InlineData("properties.x", true)]
    [InlineData("read_at", false)]
    [InlineData("formatted_description", false)]
    [InlineData("resourceId", false)]
    [InlineData("Properties.x", false)]
    public void Only_fields_events_set_can_be_rebuilt(string field, bool expected)
    {
        Assert.Equal(expected, EventDecider.CanAssign(field));
    }

    [Fact]
    public void As_of_a_stamp_each_recorded_field_takes_its_value_then()
    {
        var history = FieldHistory.Empty
            .With("status", At(10), Text("done"), Text("pending"))
            .With("title", At(20), Text("Renamed"), Text("Title"));

        var asOf = EventDecider.AsOf(Full, history, At(15));

        Assert.Equal(Full with { Status = "done" }, asOf);
        Assert.Equal(Full with { Status = "pending" }, EventDecider.AsOf(Full, history, At(5)));
    }

    [Fact]
    public void A_field_null_then_is_cleared()
    {
        var history = FieldHistory.Empty.With("description", At(10), Text("Later"), Text(null));

        Assert.Null(EventDecider.AsOf(Full, history, At(5)).Description);
    }

    [Fact]
    public void A_property_absent_then_is_removed_and_others_kept()
    {
        var content = Full with
        {
            Properties = new Dictionary<string, JsonElement>
            {
                ["room"] = JsonSerializer.SerializeToElement(4),
                ["floor"] = JsonSerializer.SerializeToElement(2),
            },
        };
        var history = FieldHistory.Empty.With("properties.floor", At(10), JsonSerializer.SerializeToElement(2), null);

        var asOf = EventDecider.AsOf(content, history, At(5));

        Assert.Equal(["room"], asOf.Properties.Keys);
        Assert.Equal(2, EventDecider.AsOf(content, history, At(10)).Properties["floor"].GetInt32());
    }

    [Fact]
    public void A_property_value_then_is_restored()
    {
        var history = FieldHistory.Empty.With("properties.room", At(10), JsonSerializer.SerializeToElement(4), JsonSerializer.SerializeToElement(3));

        Assert.Equal(3, EventDecider.AsOf(Full, history, At(5)).Properties["room"].GetInt32());
    }

    [Fact]
    public void Fields_events_do_not_set_are_left_as_they_are()
    {
        var read = Start.AddDays(1);
        var history = FieldHistory.Empty.With("read_at", At(10), JsonSerializer.SerializeToElement(read), Text(null));

        Assert.Equal(Full with { ReadAt = read }, EventDecider.AsOf(Full with { ReadAt = read }, history, At(5)));
    }

    [Fact]
    public void AsOf_refuses_a_missing_history()
    {
        Assert.Throws<ArgumentNullException>(() => EventDecider.AsOf(Full, null!, At(1)));
    }

    [Theory]
    [InlineData(LifecycleEventType.Suspended, "suspended", "suspended")]
    [InlineData(LifecycleEventType.Reopened, "pending", "reopened")]
    public void A_copy_resets_the_owners_inbox_state_and_links_the_original(LifecycleEventType type, string status, string reason)
    {
        var main = Full with { ExternalId = "ext-1", ReadAt = Start, SeenAt = Start, ArchivedAt = Start };

        var copy = EventDecider.Derive(type, main, "ext-1")!;

        Assert.Equal(status, copy.Status);
        Assert.Null(copy.ExternalId);
        Assert.Null(copy.ReadAt);
        Assert.Null(copy.SeenAt);
        Assert.Null(copy.ArchivedAt);
        Assert.Equal("ext-1", copy.Properties["copy_of_external_id"].GetString());
        Assert.Equal(reason, copy.Properties["copy_reason"].GetString());
        Assert.Equal(4, copy.Properties["room"].GetInt32());
    }

    [Theory]
    [InlineData(LifecycleEventType.Created)]
    [InlineData(LifecycleEventType.Updated)]
    [InlineData(LifecycleEventType.Deleted)]
    public void Other_events_derive_nothing(LifecycleEventType type)
    {
        Assert.Null(EventDecider.Derive(type, Full, "ext-1"));
    }

    private static EventStamp At(int sequence) => new(Start.AddMinutes(sequence), sequence);

    private static JsonElement Text(string? text) => JsonSerializer.SerializeToElement(text);
}
