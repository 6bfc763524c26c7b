using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Realtime;
using ActivityService.Core.Storage.Tables;
using ActivityService.Core.Tests.Activities;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Span = System.Diagnostics.Activity;

namespace ActivityService.Core.Tests.Events;

public sealed class EventProcessorTests : IDisposable
{
    private const string MessageId = "msg-1";
    private static readonly DateTimeOffset Now = new(2026, 1, 16, 8, 0, 0, 250, TimeSpan.Zero);

    private readonly Mock<IEventStore> _store = new(MockBehavior.Strict);
    private readonly Mock<IActivityStore> _activities = new(MockBehavior.Strict);
    private readonly Mock<IRealtimePublisher> _publisher = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly List<RealtimeMessage> _published = [];
    private readonly List<RejectedEvent> _recorded = [];
    private readonly List<string?> _recordedTenants = [];
    private readonly List<(string Outcome, bool TenantKnown)> _counted = [];
    private readonly MeterListener _listener = new();

    public EventProcessorTests()
    {
        _publisher
            .Setup(publisher => publisher.PublishAsync(It.IsAny<IReadOnlyList<RealtimeMessage>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<RealtimeMessage>, CancellationToken>((messages, _) => _published.AddRange(messages))
            .Returns(Task.CompletedTask);
        _activities.Setup(store => store.GetUnreadCountAsync(EventMessages.Tenant, It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(1);
        _activities.Setup(store => store.GetInboxCountsAsync(EventMessages.Tenant, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new InboxCounts(1, 1, InboxPreferences.Default));
        _store
            .Setup(store => store.RecordRejectionAsync(It.IsAny<string?>(), It.IsAny<RejectedEvent>(), It.IsAny<CancellationToken>()))
            .Callback<string?, RejectedEvent, CancellationToken>((tenant, rejected, _) =>
            {
                _recordedTenants.Add(tenant);
                _recorded.Add(rejected);
            })
            .Returns(Task.CompletedTask);

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ActivityService.Events" && instrument.Name == "activity_events_processed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Assert.Equal(1, value);
            var outcome = "";
            var tenantKnown = false;
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcome = (string)tag.Value!;
                }
                else if (tag.Key == "tenant_known")
                {
                    tenantKnown = (bool)tag.Value!;
                }
            }

            lock (_counted)
            {
                _counted.Add((outcome, tenantKnown));
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task An_applied_event_is_decided_with_its_time_and_sequence_and_announced()
    {
        EventDecision? decision = null;
        var created = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" });
        _store.Setup(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), MessageId, It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()))
            .Callback<LifecycleEvent, string, Func<ExternalActivityState, EventDecision>, CancellationToken>((_, _, decide, _) => decision = decide(ExternalActivityState.Unknown))
            .ReturnsAsync(new EventApplyOutcome(EventApplyStatus.Applied, [new ActivityChange(ActivityChangeKind.Created, created)]));

        var result = await Processor().ProcessAsync(Delivery(EventMessages.Message("activityCreated"), sequence: 42));

        Assert.Equal(EventApplyStatus.Applied, result.Status);
        Assert.Equal(EventMessages.Tenant, result.CompanyId);
        Assert.Null(result.RejectionReason);
        Assert.Single(result.Changes);
        Assert.Equal(EventMessages.Stamp(EventMessages.DefaultTime, 42), decision!.Clock.Stamps.Values.Distinct().Single());
        Assert.Equal([RealtimeNames.ActivityCreated, RealtimeNames.ActivityCreated, RealtimeNames.UnreadCount], _published.Select(message => message.Target));
        Assert.Empty(_recorded);
        Assert.Equal([("applied", true)], Counted());
    }

    [Fact]
    public async Task An_applied_event_without_changes_announces_nothing()
    {
        SetupApply(new EventApplyOutcome(EventApplyStatus.Applied, []));

        var result = await Processor().ProcessAsync(Delivery(EventMessages.Message("activityCreated")));

        Assert.Equal(EventApplyStatus.Applied, result.Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Without_a_notifier_changes_are_returned_but_not_announced()
    {
        var created = ActivityContents.Stored(ActivityContents.Minimal);
        SetupApply(new EventApplyOutcome(EventApplyStatus.Applied, [new ActivityChange(ActivityChangeKind.Created, created)]));

        var result = await new EventProcessor(_store.Object, new ActivityIds(_clock), _clock).ProcessAsync(Delivery(EventMessages.Message("activityCreated")));

        Assert.Single(result.Changes);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task A_duplicate_is_acknowledged_and_counted_as_such()
    {
        SetupApply(EventApplyOutcome.Duplicate);

        var result = await Processor().ProcessAsync(Delivery(EventMessages.Message("activityCreated")));

        Assert.Equal(EventApplyStatus.Duplicate, result.Status);
        Assert.Equal(EventMessages.Tenant, result.CompanyId);
        Assert.Empty(result.Changes);
        Assert.Empty(_recorded);
        Assert.Equal([("duplicate", true)], Counted());
    }

    [Fact]
    public async Task An_event_the_decider_rejects_is_recorded_for_the_tenant()
    {
        SetupApply(new EventApplyOutcome(EventApplyStatus.Rejected, [], new EventRejection(EventMessages.Tenant, "no such activity")));
        var body = EventMessages.Message("activityStarted");

        var result = await Processor().ProcessAsync(Delivery(body));

        Assert.Equal(new EventProcessResult(EventApplyStatus.Rejected, EventMessages.Tenant, "no such activity", []), result with { Changes = [] });
        Assert.Empty(result.Changes);
        var rejected = Assert.Single(_recorded);
        Assert.Equal(EventMessages.Tenant, Assert.Single(_recordedTenants));
        Assert.Equal(MessageId, rejected.MessageId);
        Assert.Equal(Now, rejected.ReceivedAt);
        Assert.Equal("no such activity", rejected.Reason);
        Assert.Equal(body, rejected.RawBody);
        Assert.True(ActivityIds.IsWellFormed(rejected.Id));
        Assert.Equal(ActivityIds.LowerBound(Now)[..10], rejected.Id[..10]);
        Assert.Empty(_published);
        Assert.Equal([("rejected", true)], Counted());
    }

    [Fact]
    public async Task A_message_without_a_usable_tenant_is_recorded_for_operators()
    {
        var result = await Processor().ProcessAsync(Delivery("[1, 2]"));

        Assert.Equal(EventApplyStatus.Rejected, result.Status);
        Assert.Null(result.CompanyId);
        Assert.Equal("The body must be a JSON object.", result.RejectionReason);
        Assert.Null(Assert.Single(_recordedTenants));
        Assert.Equal("[1, 2]", Assert.Single(_recorded).RawBody);
        _store.Verify(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), It.IsAny<string>(), It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal([("rejected", false)], Counted());
    }

    [Fact]
    public async Task A_body_of_exactly_the_stored_limit_is_kept_whole()
    {
        var body = new string('x', EventProcessor.MaxStoredBodyChars);

        await Processor().ProcessAsync(Delivery(body));

        Assert.Equal(body, Assert.Single(_recorded).RawBody);
    }

    [Fact]
    public async Task A_longer_body_is_stored_cut_at_the_limit_with_a_marker()
    {
        var body = new string('x', EventProcessor.MaxStoredBodyChars) + "yz";

        await Processor().ProcessAsync(Delivery(body));

        Assert.Equal(new string('x', EventProcessor.MaxStoredBodyChars) + "…(truncated)", Assert.Single(_recorded).RawBody);
    }

    [Theory]
    [InlineData(400, "PropertyValueTooLarge", "Storage cannot hold what this event would write (PropertyValueTooLarge).")]
    [InlineData(413, "RequestBodyTooLarge", "Storage cannot hold what this event would write (RequestBodyTooLarge).")]
    [InlineData(400, null, "Storage cannot hold what this event would write (bad request).")]
    public async Task An_event_storage_refuses_to_hold_is_poison_recorded_for_the_tenant(int status, string? code, string reason)
    {
        _store.Setup(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), MessageId, It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TableRequestFailedException(status, code, "refused"));

        var result = await Processor().ProcessAsync(Delivery(EventMessages.Message("activityCreated")));

        Assert.Equal((EventApplyStatus.Rejected, EventMessages.Tenant, reason), (result.Status, result.CompanyId, result.RejectionReason));
        Assert.Equal(reason, Assert.Single(_recorded).Reason);
        Assert.Equal([EventMessages.Tenant], _recordedTenants);
        Assert.Empty(_published);
        Assert.Equal([("rejected", true)], Counted());
    }

    [Theory]
    [InlineData(409)]
    [InlineData(412)]
    [InlineData(503)]
    public async Task Any_other_storage_answer_propagates_so_the_queue_retries(int status)
    {
        _store.Setup(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), MessageId, It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TableRequestFailedException(status, null, "busy"));

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => Processor().ProcessAsync(Delivery(EventMessages.Message("activityCreated"))));

        Assert.Equal(status, error.Status);
        Assert.Empty(_recorded);
    }

    [Fact]
    public async Task The_delivery_span_is_tagged_with_how_the_delivery_ended()
    {
        var messageId = "span-" + Guid.NewGuid().ToString("N");
        var ended = new List<Span>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                lock (ended)
                {
                    ended.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        _store.Setup(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), messageId, It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(EventApplyOutcome.Duplicate);

        await Processor().ProcessAsync(new EventDelivery(messageId, 2, 7, Encoding.UTF8.GetBytes(EventMessages.Message("activityCreated"))));

        Span span;
        lock (ended)
        {
            span = Assert.Single(ended, candidate => (candidate.GetTagItem(EventTelemetry.MessageIdTag) as string) == messageId);
        }

        Assert.Equal("duplicate", span.GetTagItem(EventTelemetry.OutcomeTag));
    }

    [Fact]
    public async Task A_missing_delivery_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Processor().ProcessAsync(null!));
    }

    [Fact]
    public async Task A_storage_failure_propagates_so_the_queue_retries()
    {
        _store.Setup(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), MessageId, It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException());

        await Assert.ThrowsAsync<TimeoutException>(() => Processor().ProcessAsync(Delivery(EventMessages.Message("activityCreated"))));

        Assert.Empty(_recorded);
    }

    private EventProcessor Processor() =>
        new(_store.Object, new ActivityIds(_clock), _clock, new ActivityNotifier(_activities.Object, _publisher.Object));

    private void SetupApply(EventApplyOutcome outcome) =>
        _store.Setup(store => store.ApplyAsync(It.IsAny<LifecycleEvent>(), MessageId, It.IsAny<Func<ExternalActivityState, EventDecision>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(outcome);

    private static EventDelivery Delivery(string body, long sequence = 7) => new(MessageId, 1, sequence, Encoding.UTF8.GetBytes(body));

    private List<(string, bool)> Counted()
    {
        lock (_counted)
        {
            return [.. _counted];
        }
    }
}
