using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-01-15T10:30:00Z", "2026-01-15T10:30:00.000Z")]
    [InlineData("2026-01-15t10:30:00z", "2026-01-15T10:30:00.000Z")]
    [InlineData("2026-01-15T10:30:00.5Z", "2026-01-15T10:30:00.500Z")]
    [InlineData("2026-01-15T10:30:00.123456789Z", "2026-01-15T10:30:00.123Z")]
    [InlineData("2026-01-15T23:30:00-02:00", "2026-01-16T01:30:00.000Z")]
    [InlineData("2026-01-15T10:30:00+00:00", "2026-01-15T10:30:00.000Z")]
    [InlineData("2026-01-15T10:30:00-00:00", "2026-01-15T10:30:00.000Z")]
    public void Parses_a_full_date_time_with_offset_to_utc(string text, string expected)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(expected, Rfc3339.Format(value));
    }

    [Theory]
    [InlineData("2026-01-15T10:30:00")]
    [InlineData("2026-01-15 10:30:00Z")]
    [InlineData("2026-01-15")]
    [InlineData("2026-02-30T10:30:00Z")]
    [InlineData("2026-01-15T24:00:00Z")]
    [InlineData("2026-01-15T10:30:60Z")]
    [InlineData("2026-01-15T10:30:00+24:00")]
    [InlineData("2026-01-15T10:30:00+0200")]
    [InlineData("2026-01-15T10:30:00.Z")]
    [InlineData("2026-01-15T10:30:00Z\n")]
    [InlineData("\uFF12026-01-15T10:30:00Z")]
    [InlineData("")]
    public void Rejects_anything_else(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
    }

    [Fact]
    public void Formats_in_utc_truncating_to_milliseconds()
    {
        var value = new DateTimeOffset(2026, 1, 15, 12, 30, 0, 999, TimeSpan.FromHours(2)).AddTicks(9_999);

        Assert.Equal("2026-01-15T10:30:00.999Z", Rfc3339.Format(value));
    }
}
