using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

public sealed class FieldClockTests
{
    private static readonly EventStamp Stamp = new(DateTimeOffset.FromUnixTimeMilliseconds(1_768_473_000_123), 42);

    [Fact]
    public void A_field_never_set_takes_any_stamp()
    {
        Assert.True(FieldClock.Empty.IsNewer("status", Stamp));
    }

    [Fact]
    public void Only_a_later_stamp_is_newer_than_the_fields_own()
    {
        var clock = FieldClock.Empty.With("status", Stamp);

        Assert.False(clock.IsNewer("status", Stamp));
        Assert.False(clock.IsNewer("status", Stamp with { Sequence = 41 }));
        Assert.True(clock.IsNewer("status", Stamp with { Sequence = 43 }));
        Assert.True(clock.IsNewer("title", Stamp with { Sequence = 1 }));
    }

    [Fact]
    public void Setting_a_field_again_replaces_its_stamp()
    {
        var later = Stamp with { Sequence = 50 };

        var clock = FieldClock.Empty.With("status", Stamp).With("status", later);

        Assert.Equal(later, Assert.Single(clock.Stamps).Value);
    }

    [Fact]
    public void Serializes_each_field_as_unix_milliseconds_and_sequence()
    {
        var clock = FieldClock.Empty.With("status", Stamp);

        Assert.Equal("""{"status":[1768473000123,42]}""", clock.Serialize());
    }

    [Fact]
    public void Deserializing_gives_back_the_same_stamps()
    {
        var clock = FieldClock.Empty.With("status", Stamp).With("properties.endTime", Stamp with { Sequence = 7 });

        var copy = FieldClock.Deserialize(clock.Serialize());

        Assert.Equal(clock.Stamps.OrderBy(p => p.Key, StringComparer.Ordinal), copy.Stamps.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Field_names_stay_case_sensitive_after_a_round_trip()
    {
        var copy = FieldClock.Deserialize(FieldClock.Empty.With("properties.endTime", Stamp).Serialize());

        Assert.False(copy.IsNewer("properties.endTime", Stamp));
        Assert.True(copy.IsNewer("properties.ENDTIME", Stamp));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_stored_is_the_empty_clock(string? json)
    {
        Assert.Empty(FieldClock.Deserialize(json).Stamps);
    }
}
