using ActivityService.Core.Activities;

namespace ActivityService.Core.Events;

/// <summary>
/// Applies lifecycle events exactly once. The inbox marker of a message is written in the same atomic
/// transaction as the changes it causes, so a message is either fully applied and marked, or neither.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Loads the state of the activity the event names, asks <paramref name="decide"/> what to do, and
    /// stores the outcome with the message's inbox marker. A message already marked is a duplicate.
    /// Storage failures propagate (so the queue retries); nothing is marked unless everything is stored.
    /// </summary>
    Task<EventApplyOutcome> ApplyAsync(LifecycleEvent evt, string messageId, Func<ExternalActivityState, EventDecision> decide, CancellationToken cancellationToken = default);

    /// <summary>Stores a poison message with its inbox marker; a second call for the same message does nothing.</summary>
    Task RecordRejectionAsync(string? companyId, RejectedEvent rejected, CancellationToken cancellationToken = default);

    /// <summary>A tenant's rejected events, newest first, paged like feeds.</summary>
    Task<ListOutcome<RejectedEvent>> ListRejectedAsync(string companyId, int limit, string? cursor, CancellationToken cancellationToken = default);
}

public enum EventApplyStatus
{
    Applied = 0,
    Duplicate = 1,
    Rejected = 2,
}

public sealed record EventApplyOutcome(EventApplyStatus Status, IReadOnlyList<ActivityChange> Changes, EventRejection? Rejection = null)
{
    public static EventApplyOutcome Duplicate { get; } = new(EventApplyStatus.Duplicate, []);
}
