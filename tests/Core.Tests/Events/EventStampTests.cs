using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

public sealed class EventStampTests
{
    private static readonly DateTimeOffset Time = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Equal_stamps_are_neither_before_nor_after_each_other()
    {
        var left = new EventStamp(Time, 5);
        var right = new EventStamp(Time, 5);

        Assert.Equal(0, left.CompareTo(right));
        Assert.False(left < right);
        Assert.False(left > right);
        Assert.True(left <= right);
        Assert.True(left >= right);
    }

    [Fact]
    public void At_the_same_time_the_sequence_number_orders()
    {
        var earlier = new EventStamp(Time, 5);
        var later = new EventStamp(Time, 6);

        Assert.True(earlier.CompareTo(later) < 0);
        Assert.True(later.CompareTo(earlier) > 0);
        Assert.True(earlier < later);
        Assert.False(later < earlier);
        Assert.True(later > earlier);
        Assert.False(earlier > later);
        Assert.True(earlier <= later);
        Assert.False(later <= earlier);
        Assert.True(later >= earlier);
        Assert.False(earlier >= later);
    }

    [Fact]
    public void Event_time_orders_before_the_sequence_number()
    {
        var earlierTime = new EventStamp(Time, 900);
        var laterTime = new EventStamp(Time.AddMilliseconds(1), 1);

        Assert.True(earlierTime < laterTime);
        Assert.True(laterTime > earlierTime);
        Assert.True(earlierTime.CompareTo(laterTime) < 0);
    }
}
