using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

/// <summary>Contract §6 copies: which copy events came after a given one, and the stored form.</summary>
public sealed class EventCopiesTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_768_473_000_123);

    [Fact]
    public void Empty_has_no_copies()
    {
        Assert.Empty(EventCopies.Empty.Items);
        Assert.Empty(EventCopies.Empty.After(FieldHistory.Origin));
    }

    [Fact]
    public void With_adds_a_copy_and_keeps_the_original()
    {
        var copies = EventCopies.Empty.With(At(1), "c1", LifecycleEventType.Suspended);

        Assert.Equal([new EventCopy(At(1), "c1", LifecycleEventType.Suspended)], copies.Items);
        Assert.Empty(EventCopies.Empty.Items);
    }

    [Fact]
    public void After_lists_only_copies_made_by_strictly_later_events()
    {
        var copies = EventCopies.Empty
            .With(At(1), "c1", LifecycleEventType.Suspended)
            .With(At(2), "c2", LifecycleEventType.Reopened)
            .With(At(3), "c3", LifecycleEventType.PreworkCreated);

        Assert.Equal(["c2", "c3"], copies.After(At(1)).Select(copy => copy.ActivityId));
        Assert.Equal(["c3"], copies.After(At(2)).Select(copy => copy.ActivityId));
        Assert.Empty(copies.After(At(3)));
    }

    [Fact]
    public void The_stored_form_lists_milliseconds_sequence_id_and_event_type()
    {
        var copies = EventCopies.Empty.With(new EventStamp(Start, 42), "c1", LifecycleEventType.Reopened);

        Assert.Equal("""[[1768473000123,42,"c1","activityReopened"]]""", copies.Serialize());
    }

    [Fact]
    public void The_stored_form_reads_back_equal()
    {
        var copies = EventCopies.Empty
            .With(At(1), "c1", LifecycleEventType.Suspended)
            .With(At(2), "c2", LifecycleEventType.Reopened)
            .With(At(3), "c3", LifecycleEventType.PreworkCreated);

        Assert.Equal(copies.Items, EventCopies.Deserialize(copies.Serialize()).Items);
    }

    [Fact]
    public void An_unknown_stored_event_type_reads_as_a_suspend()
    {
        var read = EventCopies.Deserialize("""[[1768473000123,42,"c1","activitySomethingElse"]]""");

        Assert.Equal([new EventCopy(new EventStamp(Start, 42), "c1", LifecycleEventType.Suspended)], read.Items);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_stored_reads_as_empty(string? json)
    {
        Assert.Same(EventCopies.Empty, EventCopies.Deserialize(json));
    }

    private static EventStamp At(int sequence) => new(Start.AddMinutes(sequence), sequence);
}
