using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Tests.Activities;
using static ActivityService.Core.Tests.Events.EventMessages;

namespace ActivityService.Core.Tests.Events;

/// <summary>The exact reasons an admin reads for an event the decider refuses.</summary>
public sealed class EventDeciderRejectionTests
{
    private const string Invalid = "The event makes the activity invalid: ";

    private static ExternalActivityState WithProperties(int count)
    {
        var properties = Enumerable.Range(0, count).ToDictionary(i => $"p{i}", _ => JsonSerializer.SerializeToElement(1));
        var content = new ActivityContent { Title = "Boiler service", ExternalId = ExternalId, Properties = properties };
        return new ExternalActivityState(ActivityContents.Stored(content), FieldClock.Empty, false);
    }

    private static EventDecision Update(ExternalActivityState state, string? changes, string details = DefaultDetails) =>
        EventDecider.Decide(state, Event(LifecycleEventType.Updated, details: details, changes: changes), Stamp(DefaultTime, 10));

    [Fact]
    public void An_update_adding_a_51st_property_is_rejected_although_its_own_fields_are_valid()
    {
        var decision = Update(WithProperties(50), """{"color": "red"}""");

        Assert.Equal(new EventRejection(Tenant, Invalid + "properties: Must have at most 50 keys."), decision.Rejection);
        Assert.Null(decision.Main);
        Assert.Empty(decision.NewActivities);
    }

    [Fact]
    public void An_update_adding_a_50th_property_is_applied()
    {
        var decision = Update(WithProperties(49), """{"color": "red"}""");

        Assert.Null(decision.Rejection);
        Assert.Equal(50, decision.Main!.Properties.Count);
    }

    [Fact]
    public void An_update_changing_a_property_of_a_full_activity_is_applied()
    {
        var decision = Update(WithProperties(50), """{"p0": 2}""");

        Assert.Null(decision.Rejection);
        Assert.Equal(2, decision.Main!.Properties["p0"].GetInt32());
    }

    [Fact]
    public void Several_invalid_fields_are_listed_with_each_messages()
    {
        var decision = Update(
            WithProperties(0),
            """{"date": "2026-02-30", "status": "bogus"}""",
            details: $$"""{"activityId": 4455, "resourceId": "t/{{new string('x', 128)}}"}""");

        Assert.Equal(
            new EventRejection(
                Tenant,
                Invalid
                + "user_id: Must be 1 to 128 characters. Must not contain '/', '\\', '#' or '?'.; "
                + "status: Must be null or one of: pending, started, suspended, completed, notdone, cancelled.; "
                + "scheduled_date: Must be a real calendar date written YYYY-MM-DD."),
            decision.Rejection);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named_with_its_json_kind()
    {
        var decision = Update(WithProperties(0), """{"title": 42}""");

        Assert.Equal(new EventRejection(Tenant, "'title' has a value of the wrong type (Number)."), decision.Rejection);
    }

    [Fact]
    public void A_property_of_the_wrong_type_is_named_with_its_key()
    {
        var decision = Update(WithProperties(0), """{"endTime": [1]}""");

        Assert.Equal(new EventRejection(Tenant, "'properties.endTime' has a value of the wrong type (Array)."), decision.Rejection);
    }
}
