namespace ActivityService.Functions.Events;

/// <summary>Section <c>LocalQueue</c>: the in-process stand-in for the Service Bus queue in standalone mode.</summary>
public sealed class LocalQueueOptions
{
    public const string Section = "LocalQueue";

    /// <summary>Messages waiting at most; beyond it, POST /api/dev/events answers 503 with Retry-After.</summary>
    public int Capacity { get; set; } = 1_000;

    /// <summary>Deliveries before a message is dead-lettered; matches the Azure queue's MaxDeliveryCount.</summary>
    public int MaxDeliveries { get; set; } = 10;

    /// <summary>Pause before a failed message is delivered again (Service Bus redelivers after the lock expires).</summary>
    public int RetryDelayMilliseconds { get; set; } = 200;

    /// <summary>Messages processed at once, like the host's maxConcurrentCalls.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Dead letters kept for GET /api/dev/dead-letters (oldest dropped first).</summary>
    public int DeadLetterCapacity { get; set; } = 1_000;
}
