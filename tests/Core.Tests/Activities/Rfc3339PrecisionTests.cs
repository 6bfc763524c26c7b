using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

public sealed class Rfc3339PrecisionTests
{
    private static readonly DateTimeOffset Second = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Parsing_drops_everything_below_the_millisecond()
    {
        Assert.True(Rfc3339.TryParse("2026-01-15T10:30:00.1239999Z", out var value));

        Assert.Equal(Second.AddMilliseconds(123), value);
        Assert.Equal(0, value.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void Parsing_more_than_seven_digits_keeps_the_milliseconds()
    {
        Assert.True(Rfc3339.TryParse("2026-01-15T10:30:00.99999999999Z", out var value));

        Assert.Equal(Second.AddMilliseconds(999), value);
    }

    [Fact]
    public void Parsing_normalizes_the_offset_to_utc()
    {
        Assert.True(Rfc3339.TryParse("2026-01-15T12:30:00.5+02:00", out var value));

        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(Second.AddMilliseconds(500), value);
    }

    [Fact]
    public void Truncating_cuts_ticks_below_the_millisecond_and_keeps_the_offset()
    {
        var offset = TimeSpan.FromHours(-5);
        var value = new DateTimeOffset(2026, 1, 15, 5, 30, 0, 42, offset).AddTicks(9_999);

        var truncated = Rfc3339.TruncateToMilliseconds(value);

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 5, 30, 0, 42, offset), truncated);
        Assert.Equal(offset, truncated.Offset);
    }

    [Fact]
    public void Truncating_a_whole_millisecond_changes_nothing()
    {
        var value = Second.AddMilliseconds(7);

        Assert.Equal(value.Ticks, Rfc3339.TruncateToMilliseconds(value).Ticks);
    }

    [Fact]
    public void Formatting_truncates_rather_than_rounds()
    {
        Assert.Equal("2026-01-15T10:30:00.999Z", Rfc3339.Format(Second.AddTicks(TimeSpan.TicksPerSecond - 1)));
    }

    [Fact]
    public void Formatting_writes_utc_from_any_offset()
    {
        Assert.Equal("2026-01-15T10:30:00.001Z", Rfc3339.Format(new DateTimeOffset(2026, 1, 15, 5, 30, 0, 1, TimeSpan.FromHours(-5))));
    }
}
