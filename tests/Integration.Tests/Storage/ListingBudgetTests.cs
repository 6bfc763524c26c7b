using ActivityService.Core.Activities;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// Contract §4 bounded work: a listing request does at most a fixed amount of storage work whatever the tenant
/// holds; a page left short by the budget carries a cursor that resumes the scan; the cursor is null exactly
/// at the end. Counts, not timings (docs/performance.md reports the same numbers).
/// </summary>
public sealed class ListingBudgetTests
{
    private const string Acme = "acme";

    /// <summary>Requests one listing may cost: query pages, the caller's read state, and read-state point reads.</summary>
    private const int MaxRequests = ListingBudget.MaxQueryRequests + 1 + ListingBudget.MaxStateReads;

    [Fact]
    public async Task Read_true_over_many_users_none_read_is_bounded_and_resumable()
    {
        var harness = await StoreHarness.CreateAsync();
        const int Users = 300;
        for (var i = 0; i < Users; i++)
        {
            await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}", userId: $"user{i}"));
        }

        var query = new FeedQuery { Read = true, Limit = 1 };
        using var counter = StorageOperationCounter.Start();
        var page = await harness.ListAsync(Acme, query);

        Assert.Empty(page.Items);
        Assert.NotNull(page.NextCursor); // the budget ran out before the end: resumable, not "no more"
        Assert.InRange(counter.Requests, 1, MaxRequests);
        Assert.InRange(counter.EntitiesRead, 1, ListingBudget.MaxEntitiesScanned + ListingBudget.MaxStateReads);
    }

    [Fact]
    public async Task Walking_a_budgeted_filter_to_the_end_yields_every_match_once_and_ends_with_a_null_cursor()
    {
        var harness = await StoreHarness.CreateAsync();
        var expected = new List<string>();
        for (var i = 0; i < 260; i++)
        {
            var created = await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}", userId: $"user{i}"));
            if (i % 97 == 0)
            {
                expected.Add(created.Id);
                await MarkReadAsync(harness, created);
            }
        }

        var pages = 0;
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            using var counter = StorageOperationCounter.Start();
            var page = await harness.ListAsync(Acme, new FeedQuery { Read = true, Limit = 1, Sort = SortOrder.Ascending, Cursor = cursor });
            Assert.InRange(counter.Requests, 1, MaxRequests);
            seen.AddRange(page.Items.Select(item => item.Id));
            cursor = page.NextCursor;
            Assert.True(++pages < 50, "The walk did not end.");
        }
        while (cursor is not null);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_service_side_filter_that_matches_nothing_stops_at_the_entity_budget()
    {
        var harness = await StoreHarness.CreateAsync();
        var statuses = new[] { "pending", "started", "suspended", "completed", "notdone", "cancelled" };
        for (var i = 0; i < 60; i++)
        {
            await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}", userId: "u1", status: "pending"));
        }

        // Twenty message types and twenty activity types cannot all go to storage (15 comparisons): the
        // service evaluates some of them, and nothing matches.
        var query = new FeedQuery
        {
            Statuses = statuses,
            MessageTypes = [.. Enumerable.Range(0, 20).Select(i => "message_" + i)],
            ActivityTypes = [.. Enumerable.Range(0, 20).Select(i => "Type" + i)],
            Limit = 5,
        };

        var all = await harness.ListAllAsync(Acme, query);

        Assert.Empty(all);
    }

    [Fact]
    public async Task The_widest_legal_filter_combination_is_answered_correctly()
    {
        var harness = await StoreHarness.CreateAsync();
        var match = await harness.CreateAsync(Acme, new ActivityContent { Title = "m", UserId = "u1", ContactId = "c1", ActivityType = "Meeting", Status = "started" });
        await harness.CreateAsync(Acme, new ActivityContent { Title = "other type", UserId = "u1", ContactId = "c1", ActivityType = "Invoice", Status = "started" });
        await harness.CreateAsync(Acme, new ActivityContent { Title = "other contact", UserId = "u1", ContactId = "c2", ActivityType = "Meeting", Status = "started" });
        var query = new FeedQuery
        {
            UserId = "u1",
            ContactId = "c1",
            Statuses = ["pending", "started", "suspended", "completed", "notdone", "cancelled"],
            ActivityTypes = ["Meeting", .. Enumerable.Range(0, 19).Select(i => "Type" + i)],
            MessageTypes = [.. Enumerable.Range(0, 20).Select(i => "message_" + i)],
        };

        var withoutMessageTypes = await harness.ListAllAsync(Acme, query with { MessageTypes = [] });
        var withMessageTypes = await harness.ListAllAsync(Acme, query);

        Assert.Equal([match.Id], withoutMessageTypes.Select(a => a.Id));
        Assert.Empty(withMessageTypes);
    }

    [Fact]
    public async Task A_timeline_with_twenty_activity_types_and_an_activity_id_is_answered_correctly()
    {
        var harness = await StoreHarness.CreateAsync();
        var meeting = await harness.CreateAsync(Acme, new ActivityContent { Title = "m", ContactId = "c1", ActivityType = "Meeting" });
        await harness.CreateAsync(Acme, new ActivityContent { Title = "other", ContactId = "c1", ActivityType = "Meeting" });
        await harness.CreateAsync(Acme, new ActivityContent { Title = "invoice", ContactId = "c1", ActivityType = "Invoice" });
        string[] types = ["Meeting", .. Enumerable.Range(0, 19).Select(i => "Type" + i)];

        var outcome = await harness.Store.GetTimelineAsync(Acme, new TimelineQuery("c1", types, meeting.Id, SortOrder.Ascending, 25, null));

        Assert.Equal([meeting.Id], outcome.Page!.Items.Select(entry => entry.ActivityId));
        Assert.Null(outcome.Page.NextCursor);
    }

    private static async Task MarkReadAsync(StoreHarness harness, Activity activity)
    {
        var outcome = await harness.Store.UpdateAsync(
            Acme,
            activity.Id,
            new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with { ReadAt = harness.Clock.GetUtcNow() })),
            ActivityService.Core.History.ChangeContext.Api("admin"));
        Assert.Equal(WriteStatus.Done, outcome.Status);
    }
}
