using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Realtime;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §10 owner use cases: what reaches the store, what the edit does, and what is pushed live.</summary>
public sealed class InboxOperationsTests
{
    private const string Tenant = "acme";
    private static readonly Caller Owner = new(Tenant, "u1", CallerRole.Staff);
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private static readonly InboxCounts Counts = new(4, 2, InboxPreferences.Default);

    private readonly Mock<IActivityStore> _store = new(MockBehavior.Strict);
    private readonly Mock<IRealtimePublisher> _publisher = new(MockBehavior.Strict);
    private readonly List<RealtimeMessage> _published = [];
    private readonly InboxOperations _operations;

    public InboxOperationsTests()
    {
        _publisher
            .Setup(publisher => publisher.PublishAsync(It.IsAny<IReadOnlyList<RealtimeMessage>>(), It.IsAny<CancellationToken>()))
            .Callback<IReadOnlyList<RealtimeMessage>, CancellationToken>((messages, _) => _published.AddRange(messages))
            .Returns(Task.CompletedTask);
        _store.Setup(store => store.GetInboxCountsAsync(Tenant, "u1", It.IsAny<CancellationToken>())).ReturnsAsync(Counts);
        _operations = new InboxOperations(_store.Object, new ActivityNotifier(_store.Object, _publisher.Object), new FakeTimeProvider(Now));
    }

    [Fact]
    public async Task Counts_are_the_callers_own()
    {
        Assert.Same(Counts, await _operations.GetCountsAsync(Owner, CancellationToken.None));
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Mark_all_seen_returns_the_new_counts_and_pushes_them_to_the_caller()
    {
        var after = new InboxCounts(4, 0, InboxPreferences.Default);
        _store.Setup(store => store.MarkAllSeenAsync(Tenant, "u1", It.IsAny<CancellationToken>())).ReturnsAsync(after);

        var counts = await _operations.MarkAllSeenAsync(Owner, CancellationToken.None);

        Assert.Same(after, counts);
        var message = Assert.Single(_published);
        Assert.Equal(RealtimeNames.UnreadCount, message.Target);
        Assert.Equal(new RealtimeAudience.User(Tenant, "u1"), message.Audience);
    }

    [Fact]
    public async Task Archive_stamps_archived_at_now_for_the_owner_at_the_given_version_and_pushes_the_change()
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" }, 3);
        ActivityEdit? edit = null;
        ChangeContext? context = null;
        ActivityContent? archived = null;
        _store.Setup(store => store.UpdateAsync(Tenant, current.Id, It.IsAny<ActivityEdit>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, c, _) =>
            {
                edit = e;
                context = c;
                archived = e.Apply(current).Content;
                return Task.FromResult(new UpdateOutcome(WriteStatus.Done, current with { Content = archived!, Version = 4 }));
            });

        var outcome = await _operations.ArchiveAsync(Owner, current.Id, 3, CancellationToken.None);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Equal(new ActivityPrecondition("u1", 3), edit!.Precondition);
        Assert.Equal(ChangeContext.Api("u1"), context);
        Assert.Equal(Now, archived!.ArchivedAt);
        Assert.Equal(current.Content with { ArchivedAt = Now }, archived);
        Assert.Contains(_published, message => message.Target == RealtimeNames.ActivityUpdated);
        Assert.Contains(_published, message => message.Target == RealtimeNames.UnreadCount);
    }

    [Fact]
    public async Task Archiving_an_archived_activity_keeps_its_time_and_pushes_nothing()
    {
        var earlier = Now.AddDays(-1);
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1", ArchivedAt = earlier }, 3);
        ActivityContent? kept = null;
        _store.Setup(store => store.UpdateAsync(Tenant, current.Id, It.IsAny<ActivityEdit>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) =>
            {
                kept = e.Apply(current).Content;
                return Task.FromResult(new UpdateOutcome(WriteStatus.Done, current));
            });

        var outcome = await _operations.ArchiveAsync(Owner, current.Id, null, CancellationToken.None);

        Assert.Equal(WriteStatus.Done, outcome.Status);
        Assert.Same(current.Content, kept);
        Assert.Equal(earlier, kept!.ArchivedAt);
        Assert.Empty(_published);
    }

    [Theory]
    [InlineData(WriteStatus.NotFound)]
    [InlineData(WriteStatus.VersionMismatch)]
    public async Task An_archive_that_is_not_done_pushes_nothing(WriteStatus status)
    {
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" }, 3);
        _store.Setup(store => store.UpdateAsync(Tenant, current.Id, It.IsAny<ActivityEdit>(), It.IsAny<ChangeContext>(), It.IsAny<CancellationToken>()))
            .Returns<string, string, ActivityEdit, ChangeContext, CancellationToken>((_, _, e, _, _) =>
            {
                e.Apply(current);
                return Task.FromResult(new UpdateOutcome(status, current));
            });

        var outcome = await _operations.ArchiveAsync(Owner, current.Id, 2, CancellationToken.None);

        Assert.Equal(status, outcome.Status);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Bulk_applies_the_set_to_each_activity_and_pushes_the_changes_and_counts_once()
    {
        var request = new BulkRequest(["a", "b"], Json.Parse("""{"read_at": "2026-01-15T10:00:00Z"}"""), new Dictionary<string, long> { ["a"] = 2 });
        var current = ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" }, 2);
        EditResult? applied = null;
        _store.Setup(store => store.BulkUpdateAsync(Tenant, "u1", request.Ids, request.Versions, It.IsAny<Func<Activity, EditResult>>(), ChangeContext.Api("u1"), It.IsAny<CancellationToken>()))
            .Returns<string, string, IReadOnlyList<string>, IReadOnlyDictionary<string, long>, Func<Activity, EditResult>, ChangeContext, CancellationToken>((_, _, _, _, apply, _, _) =>
            {
                applied = apply(current);
                var changed = current with { Content = applied.Content!, Version = 3 };
                return Task.FromResult(new BulkOutcome(
                    [new BulkItemResult("a", WriteStatus.Done, 3), new BulkItemResult("b", WriteStatus.NotFound, null)],
                    [new ActivityChange(ActivityChangeKind.Updated, changed)]));
            });

        var outcome = await _operations.BulkAsync(Owner, request, CancellationToken.None);

        Assert.Equal(2, outcome.Results.Count);
        Assert.Null(applied!.Errors);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero), applied.Content!.ReadAt);
        Assert.Contains(_published, message => message.Target == RealtimeNames.ActivityUpdated);
        var count = Assert.Single(_published, message => message.Target == RealtimeNames.UnreadCount);
        Assert.Equal(new RealtimeAudience.User(Tenant, "u1"), count.Audience);
    }

    [Fact]
    public async Task Bulk_rejects_an_activity_the_set_does_not_fit_with_the_errors()
    {
        var request = new BulkRequest(["a"], Json.Parse("""{"read_at": "yesterday"}"""), new Dictionary<string, long>());
        EditResult? applied = null;
        _store.Setup(store => store.BulkUpdateAsync(Tenant, "u1", request.Ids, request.Versions, It.IsAny<Func<Activity, EditResult>>(), ChangeContext.Api("u1"), It.IsAny<CancellationToken>()))
            .Returns<string, string, IReadOnlyList<string>, IReadOnlyDictionary<string, long>, Func<Activity, EditResult>, ChangeContext, CancellationToken>((_, _, _, _, apply, _, _) =>
            {
                applied = apply(ActivityContents.Stored(ActivityContents.Minimal with { UserId = "u1" }, 1));
                return Task.FromResult(new BulkOutcome([new BulkItemResult("a", WriteStatus.Invalid, null)], []));
            });

        await _operations.BulkAsync(Owner, request, CancellationToken.None);

        Assert.Null(applied!.Content);
        Assert.True(applied.Errors!.ContainsKey("read_at"));
    }

    [Fact]
    public async Task Bulk_that_changes_nothing_still_pushes_the_callers_counts()
    {
        var request = new BulkRequest(["a"], Json.Parse("""{"read_at": null}"""), new Dictionary<string, long>());
        _store.Setup(store => store.BulkUpdateAsync(Tenant, "u1", request.Ids, request.Versions, It.IsAny<Func<Activity, EditResult>>(), ChangeContext.Api("u1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new BulkOutcome([new BulkItemResult("a", WriteStatus.NotFound, null)], []));

        await _operations.BulkAsync(Owner, request, CancellationToken.None);

        var message = Assert.Single(_published);
        Assert.Equal(RealtimeNames.UnreadCount, message.Target);
        Assert.Equal(new RealtimeAudience.User(Tenant, "u1"), message.Audience);
    }

    [Fact]
    public async Task Preferences_are_read_and_written_for_the_caller()
    {
        var preferences = new InboxPreferences([new MuteRule("Task", null)], false);
        _store.Setup(store => store.GetPreferencesAsync(Tenant, "u1", It.IsAny<CancellationToken>())).ReturnsAsync(preferences);
        _store.Setup(store => store.SetPreferencesAsync(Tenant, "u1", preferences, It.IsAny<CancellationToken>())).ReturnsAsync(preferences);

        Assert.Same(preferences, await _operations.GetPreferencesAsync(Owner, CancellationToken.None));
        Assert.Same(preferences, await _operations.SetPreferencesAsync(Owner, preferences, CancellationToken.None));
        _store.Verify(store => store.SetPreferencesAsync(Tenant, "u1", preferences, It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(_published);
    }

    [Fact]
    public async Task Every_use_case_refuses_a_missing_caller()
    {
        var request = new BulkRequest(["a"], Json.Parse("""{"read_at": null}"""), new Dictionary<string, long>());

        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.GetCountsAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.MarkAllSeenAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.ArchiveAsync(null!, "a", null, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.BulkAsync(null!, request, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.BulkAsync(Owner, null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.GetPreferencesAsync(null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>(() => _operations.SetPreferencesAsync(null!, InboxPreferences.Default, CancellationToken.None));
    }
}
