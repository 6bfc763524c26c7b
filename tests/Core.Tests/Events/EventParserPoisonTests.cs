using ActivityService.Core.Events;
using static ActivityService.Core.Tests.Events.EventMessages;

namespace ActivityService.Core.Tests.Events;

/// <summary>Contract §6 poison the parser refuses before reading fields: an ambiguous tenant, malformed JSON text, texts over their limits.</summary>
public sealed class EventParserPoisonTests
{
    [Fact]
    public void A_repeated_companyId_is_poison_shown_to_no_tenant()
    {
        var json = Message("activityCreated").Replace("{\"companyId\": \"acme\", ", "{\"companyId\": \"acme\", \"companyId\": \"other\", ", StringComparison.Ordinal);

        var (evt, rejection) = EventParser.Parse(Utf8(json));

        Assert.Null(evt);
        Assert.Equal(new EventRejection(null, "companyId appears more than once."), rejection);
    }

    [Fact]
    public void A_repeated_member_elsewhere_is_poison_for_the_tenant()
    {
        var (evt, rejection) = EventParser.Parse(Utf8(Message("activityCreated", details: """{"activityId": 4455, "title": "a", "title": "b"}""")));

        Assert.Null(evt);
        Assert.Equal(new EventRejection(Tenant, "'activityDetails.title' appears more than once."), rejection);
    }

    [Fact]
    public void Text_that_is_not_valid_Unicode_is_poison_for_the_tenant()
    {
        var (evt, rejection) = EventParser.Parse(Utf8(Message("activityCreated", details: """{"activityId": 4455, "title": "\ud800"}""")));

        Assert.Null(evt);
        Assert.Equal(new EventRejection(Tenant, "'activityDetails.title' is not valid Unicode."), rejection);
    }

    [Fact]
    public void An_id_too_long_for_a_key_is_poison_for_the_tenant()
    {
        var (evt, rejection) = EventParser.Parse(Utf8(Message("activityCreated", details: $$"""{"activityId": 4455, "resourceId": "{{new string('r', 441)}}"}""")));

        Assert.Null(evt);
        Assert.Equal(new EventRejection(Tenant, "'activityDetails.resourceId' is too long to be stored as a key."), rejection);
    }

    [Fact]
    public void Malformed_text_is_reported_before_an_unknown_event_type()
    {
        var (_, rejection) = EventParser.Parse(Utf8(Message("noSuchEvent", details: """{"activityId": 4455, "a": 1, "a": 2}""")));

        Assert.Equal(new EventRejection(Tenant, "'activityDetails.a' appears more than once."), rejection);
    }
}
