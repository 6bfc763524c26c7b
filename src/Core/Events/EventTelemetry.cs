using System.Diagnostics;

namespace ActivityService.Core.Events;

/// <summary>
/// The span of one queue delivery, tagged with its message id so a trace can be found from a message
/// (and the message from a trace). The events meter (<see cref="MeterName"/>) counts outcomes.
/// </summary>
public static class EventTelemetry
{
    public const string SourceName = "ActivityService.Events";

    /// <summary>The meter <see cref="EventProcessor"/> counts <c>activity_events_processed</c> on.</summary>
    public const string MeterName = "ActivityService.Events";

    public const string MessageIdTag = "messaging.message.id";
    public const string OutcomeTag = "activity.event.outcome";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A consumer span for the delivery, or null when nobody listens.</summary>
    public static Activity? StartProcessing(EventDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var span = Source.StartActivity("process activity-event", ActivityKind.Consumer);
        span?.SetTag("messaging.operation.type", "process");
        span?.SetTag(MessageIdTag, delivery.MessageId);
        span?.SetTag("messaging.message.delivery_count", delivery.DeliveryCount);
        return span;
    }

    /// <summary>Tags the current delivery span (if any) with how it ended.</summary>
    public static void RecordOutcome(string outcome) =>
        Activity.Current?.SetTag(OutcomeTag, outcome);
}
