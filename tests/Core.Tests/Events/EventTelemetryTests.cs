using System.Diagnostics;
using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

/// <summary>The delivery span: found by its message id, tagged with the delivery count and the outcome.</summary>
public sealed class EventTelemetryTests
{
    private static readonly EventDelivery Delivery = new("message-1", 3, 7, ReadOnlyMemory<byte>.Empty);

    [Fact]
    public void Without_a_listener_no_span_is_started()
    {
        Assert.Null(EventTelemetry.StartProcessing(Delivery));
    }

    [Fact]
    public void A_listened_delivery_gets_a_consumer_span_tagged_with_its_message()
    {
        using var listener = Listen();

        using var span = EventTelemetry.StartProcessing(Delivery);

        Assert.NotNull(span);
        Assert.Equal("process activity-event", span.OperationName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("process", span.GetTagItem("messaging.operation.type"));
        Assert.Equal("message-1", span.GetTagItem(EventTelemetry.MessageIdTag));
        Assert.Equal(3, span.GetTagItem("messaging.message.delivery_count"));
    }

    [Fact]
    public void The_outcome_is_tagged_on_the_current_span()
    {
        using var listener = Listen();
        using var span = EventTelemetry.StartProcessing(Delivery);

        EventTelemetry.RecordOutcome("applied");

        Assert.Equal("applied", span!.GetTagItem(EventTelemetry.OutcomeTag));
    }

    [Fact]
    public void Starting_refuses_a_missing_delivery()
    {
        Assert.Throws<ArgumentNullException>(() => EventTelemetry.StartProcessing(null!));
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
