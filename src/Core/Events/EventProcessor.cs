using System.Diagnostics.Metrics;
using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.Realtime;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Events;

/// <summary>
/// Processes one queue delivery: parse, decide, persist (contract §6). The Service Bus trigger and the local
/// queue both call this. It returns normally for applied, duplicate and poison messages (all of which
/// must be acknowledged) and throws for transient failures (which must be retried).
/// </summary>
public sealed class EventProcessor(IEventStore store, ActivityIds ids, TimeProvider clock, ActivityNotifier? notifier = null)
{
    /// <summary>Raw bodies beyond this are stored cut short: enough to diagnose, bounded in size.</summary>
    public const int MaxStoredBodyChars = 64 * 1024;

    private static readonly Meter Meter = new("ActivityService.Events");
    private static readonly Counter<long> Processed = Meter.CreateCounter<long>("activity_events_processed", description: "Lifecycle events by outcome.");

    public async Task<EventProcessResult> ProcessAsync(EventDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var span = EventTelemetry.StartProcessing(delivery);
        var (evt, rejection) = EventParser.Parse(delivery.Body);
        if (evt is not null)
        {
            var stamp = new EventStamp(evt.Time, delivery.SequenceNumber);
            EventApplyOutcome outcome;
            try
            {
                outcome = await store.ApplyAsync(evt, delivery.MessageId, state => EventDecider.Decide(state, evt, stamp), cancellationToken).ConfigureAwait(false);
            }
            catch (TableRequestFailedException error) when (error.Status is 400 or 413)
            {
                // Storage refuses what this event would write (a key or value it cannot hold): retrying
                // the same bytes can never succeed, so it is poison, not a transient failure.
                outcome = new EventApplyOutcome(EventApplyStatus.Rejected, [], new EventRejection(evt.CompanyId, $"Storage cannot hold what this event would write ({error.ErrorCode ?? "bad request"})."));
            }

            if (outcome.Status != EventApplyStatus.Rejected)
            {
                if (notifier is not null && outcome.Changes.Count > 0)
                {
                    await notifier.NotifyAsync(evt.CompanyId, outcome.Changes, [], cancellationToken).ConfigureAwait(false);
                }

                Count(outcome.Status == EventApplyStatus.Applied ? "applied" : "duplicate", evt.CompanyId);
                return new EventProcessResult(outcome.Status, evt.CompanyId, null, outcome.Changes);
            }

            rejection = outcome.Rejection;
        }

        var rejected = new RejectedEvent(ids.Next().Id, delivery.MessageId, clock.GetUtcNow(), rejection!.Reason, RawText(delivery.Body));
        await store.RecordRejectionAsync(rejection.CompanyId, rejected, cancellationToken).ConfigureAwait(false);
        Count("rejected", rejection.CompanyId);
        return new EventProcessResult(EventApplyStatus.Rejected, rejection.CompanyId, rejection.Reason, []);
    }

    private static string RawText(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        return text.Length <= MaxStoredBodyChars ? text : text[..MaxStoredBodyChars] + "…(truncated)";
    }

    private static void Count(string outcome, string? companyId)
    {
        EventTelemetry.RecordOutcome(outcome);
        Processed.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("tenant_known", companyId is not null));
    }
}

/// <summary>What happened to a delivery; <see cref="Changes"/> feed live updates.</summary>
public sealed record EventProcessResult(EventApplyStatus Status, string? CompanyId, string? RejectionReason, IReadOnlyList<ActivityChange> Changes);
