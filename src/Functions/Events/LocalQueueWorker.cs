using ActivityService.Core.Events;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Events;

/// <summary>
/// Delivers local queue messages to the same <see cref="EventProcessor"/> the Service Bus trigger uses.
/// A message is settled only after processing returned; a transient failure abandons it for redelivery.
/// On shutdown it stops accepting first (the dev endpoint answers 503), then drains what is queued until
/// the host's shutdown timeout runs out.
/// </summary>
public sealed partial class LocalQueueWorker(LocalEventQueue queue, EventProcessor processor, IHostApplicationLifetime lifetime, ILogger<LocalQueueWorker> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abandon = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // As soon as stopping begins (before the web server stops), refuse new messages.
        lifetime.ApplicationStopping.Register(queue.StopAccepting);
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, queue.Options.Concurrency)).Select(_ => ConsumeAsync(_abandon.Token)));
    }

    /// <summary>Drains the queue; <paramref name="cancellationToken"/> fires when the shutdown timeout is up.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.StopAccepting();
        using (cancellationToken.Register(_abandon.Cancel))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (queue.Reader.Count > 0)
        {
            LogLostOnShutdown(logger, queue.Reader.Count);
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var delivered = message with { DeliveryCount = message.DeliveryCount + 1 };
                try
                {
                    var result = await processor.ProcessAsync(LocalEventQueue.ToDelivery(delivered), stoppingToken).ConfigureAwait(false);
                    if (result.Status == EventApplyStatus.Rejected)
                    {
                        LogRejected(logger, delivered.MessageId, result.RejectionReason);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogDeliveryFailed(logger, delivered.MessageId, delivered.DeliveryCount, ErrorHandling.IsTransient(error), error);
                    _ = queue.AbandonAsync(delivered, error.GetType().Name, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: undelivered messages are lost with the process, as the local queue is in memory.
        }
    }

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Shutdown timeout reached with {Count} local events still queued; they are lost (local mode only)")]
    private static partial void LogLostOnShutdown(ILogger logger, int count);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Event {MessageId} rejected as poison: {Reason}")]
    private static partial void LogRejected(ILogger logger, string messageId, string? reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Event {MessageId} failed on delivery {DeliveryCount} (transient: {Transient}); it will be redelivered or dead-lettered")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageId, int deliveryCount, bool transient, Exception error);
}
