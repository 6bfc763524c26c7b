using System.Collections.Concurrent;
using System.Threading.Channels;
using ActivityService.Core.Events;
using Microsoft.Extensions.Options;

namespace ActivityService.Functions.Events;

/// <summary>A message waiting in the local queue, as Service Bus would hold it.</summary>
public sealed record QueuedMessage(string MessageId, long SequenceNumber, ReadOnlyMemory<byte> Body, DateTimeOffset EnqueuedAt, int DeliveryCount);

/// <summary>A message that failed <see cref="LocalQueueOptions.MaxDeliveries"/> times.</summary>
public sealed record DeadLetter(QueuedMessage Message, string Reason, DateTimeOffset DeadLetteredAt);

/// <summary>
/// An in-process queue with the Service Bus semantics the processor relies on: at-least-once delivery,
/// a delivery count, redelivery after a failure, dead-lettering after the last allowed delivery, and a
/// bounded backlog. Standalone mode only; in Azure the real queue does this.
/// </summary>
public sealed class LocalEventQueue(IOptions<LocalQueueOptions> options, TimeProvider clock)
{
    private readonly Channel<QueuedMessage> _channel = Channel.CreateBounded<QueuedMessage>(new BoundedChannelOptions(options.Value.Capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly ConcurrentQueue<DeadLetter> _deadLetters = new();
    private long _sequence;

    public LocalQueueOptions Options { get; } = options.Value;

    public ChannelReader<QueuedMessage> Reader => _channel.Reader;

    public IReadOnlyCollection<DeadLetter> DeadLetters => _deadLetters;

    /// <summary>True once the app is stopping: nothing more is accepted, what is queued is drained.</summary>
    public bool IsStopping { get; private set; }

    /// <summary>Stops accepting messages; readers end once the queue is empty.</summary>
    public void StopAccepting()
    {
        IsStopping = true;
        _channel.Writer.TryComplete();
    }

    /// <summary>Accepts a message, or returns null when the backlog is full (the caller answers 503).</summary>
    public QueuedMessage? TryEnqueue(string messageId, ReadOnlyMemory<byte> body)
    {
        if (IsStopping)
        {
            return null;
        }

        var message = new QueuedMessage(messageId, Interlocked.Increment(ref _sequence), body.ToArray(), clock.GetUtcNow(), 0);
        return _channel.Writer.TryWrite(message) ? message : null;
    }

    /// <summary>After a failed delivery: deliver again later, or dead-letter once deliveries are used up.</summary>
    public async Task AbandonAsync(QueuedMessage delivered, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (delivered.DeliveryCount >= Options.MaxDeliveries)
        {
            _deadLetters.Enqueue(new DeadLetter(delivered, reason, clock.GetUtcNow()));
            while (_deadLetters.Count > Options.DeadLetterCapacity && _deadLetters.TryDequeue(out _))
            {
            }

            return;
        }

        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Options.RetryDelayMilliseconds), clock, cancellationToken).ConfigureAwait(false);

            // A redelivery waits for room rather than being dropped: it was accepted once already.
            await _channel.Writer.WriteAsync(delivered, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or ChannelClosedException)
        {
            // Shutting down; a message that failed while draining goes with the process (docs/events.md).
        }
    }

    public static EventDelivery ToDelivery(QueuedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new EventDelivery(message.MessageId, message.DeliveryCount, message.SequenceNumber, message.Body);
    }
}
