using System.Text.Json;

namespace ActivityService.Core.Events;

/// <summary>
/// A parsed, valid lifecycle event (contract §6). <see cref="ExternalId"/> is <c>activityDetails.activityId</c>
/// as text: the activity's key in the producing system. Field values are as sent; the decider maps them.
/// </summary>
public sealed record LifecycleEvent(
    string CompanyId,
    LifecycleEventType Type,
    string ExternalId,
    DateTimeOffset Time,
    string? User,
    string? ApplicationId,
    IReadOnlyDictionary<string, JsonElement> Details,
    IReadOnlyDictionary<string, JsonElement> Changes)
{
    public string TypeName => LifecycleEventTypes.Name(Type);
}

/// <summary>Where a message sits in the delivery order: its event time, then the queue's sequence number.</summary>
public readonly record struct EventStamp(DateTimeOffset Time, long Sequence) : IComparable<EventStamp>
{
    public int CompareTo(EventStamp other)
    {
        var byTime = Time.CompareTo(other.Time);
        return byTime != 0 ? byTime : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(EventStamp left, EventStamp right) => left.CompareTo(right) < 0;

    public static bool operator >(EventStamp left, EventStamp right) => left.CompareTo(right) > 0;

    public static bool operator <=(EventStamp left, EventStamp right) => left.CompareTo(right) <= 0;

    public static bool operator >=(EventStamp left, EventStamp right) => left.CompareTo(right) >= 0;
}

/// <summary>One delivery of a queue message: its id, how often it was delivered, its sequence number, and the raw body.</summary>
public sealed record EventDelivery(string MessageId, int DeliveryCount, long SequenceNumber, ReadOnlyMemory<byte> Body);
