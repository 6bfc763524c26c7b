namespace ActivityService.Core.Realtime;

/// <summary>Sends realtime messages. Delivery is best effort: a client that missed one catches up by listing.</summary>
public interface IRealtimePublisher
{
    Task PublishAsync(IReadOnlyList<RealtimeMessage> messages, CancellationToken cancellationToken = default);
}
