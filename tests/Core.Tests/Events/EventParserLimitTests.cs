using ActivityService.Core.Events;
using static ActivityService.Core.Tests.Events.EventMessages;

namespace ActivityService.Core.Tests.Events;

public sealed class EventParserLimitTests
{
    private const string NotJson = "The body is not well-formed UTF-8 JSON.";

    [Fact]
    public void Json_nested_16_levels_deep_is_read()
    {
        // The root object is level 1, activityDetails level 2, then 14 nested arrays.
        var (evt, rejection) = EventParser.Parse(Utf8(Message("activityCreated", details: Details(arrays: 14))));

        Assert.Null(rejection);
        Assert.NotNull(evt);
    }

    [Fact]
    public void Json_nested_17_levels_deep_is_poison()
    {
        var (evt, rejection) = EventParser.Parse(Utf8(Message("activityCreated", details: Details(arrays: 15))));

        Assert.Null(evt);
        Assert.Equal(new EventRejection(null, NotJson), rejection);
    }

    [Fact]
    public void An_unknown_event_type_of_64_characters_is_named_whole()
    {
        var name = "x" + new string('y', 62) + "z";

        var (_, rejection) = EventParser.Parse(Utf8(Message(name)));

        Assert.Equal(new EventRejection(Tenant, $"eventType '{name}' is unknown."), rejection);
    }

    [Fact]
    public void A_longer_unknown_event_type_is_cut_at_64_characters_with_an_ellipsis()
    {
        var name = "x" + new string('y', 62) + "z" + "TAIL";

        var (_, rejection) = EventParser.Parse(Utf8(Message(name)));

        Assert.Equal(new EventRejection(Tenant, $"eventType '{name[..64]}…' is unknown."), rejection);
    }

    [Fact]
    public void A_tenant_id_of_128_characters_is_usable()
    {
        var tenant = new string('t', 128);

        var (evt, _) = EventParser.Parse(Utf8(Message("activityCreated", companyId: tenant)));

        Assert.Equal(tenant, evt!.CompanyId);
    }

    [Fact]
    public void A_tenant_id_of_129_characters_is_not_usable()
    {
        var (_, rejection) = EventParser.Parse(Utf8(Message("activityCreated", companyId: new string('t', 129))));

        Assert.Equal(new EventRejection(null, "companyId is not a usable tenant id."), rejection);
    }

    private static string Details(int arrays) =>
        $$"""{"activityId": 4455, "deep": {{new string('[', arrays)}}{{new string(']', arrays)}}}""";
}
