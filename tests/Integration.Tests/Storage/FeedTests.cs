using ActivityService.Core.Activities;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Storage;

public sealed class FeedTests
{
    private const string Acme = "acme";

    [Fact]
    public async Task Lists_newest_first_by_default_and_oldest_first_on_request()
    {
        var harness = await StoreHarness.CreateAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}", userId: i % 2 == 0 ? "u1" : "u2"))).Id);
        }

        Assert.Equal(ids.AsEnumerable().Reverse(), (await harness.ListAllAsync(Acme, new FeedQuery { Limit = 2 })).Select(a => a.Id));
        Assert.Equal(ids, (await harness.ListAllAsync(Acme, new FeedQuery { Limit = 2, Sort = SortOrder.Ascending })).Select(a => a.Id));
        Assert.Equal([ids[4], ids[2], ids[0]], (await harness.ListAllAsync(Acme, new FeedQuery { UserId = "u1", Limit = 1 })).Select(a => a.Id));
        Assert.Equal([ids[1], ids[3]], (await harness.ListAllAsync(Acme, new FeedQuery { UserId = "u2", Sort = SortOrder.Ascending, Limit = 1 })).Select(a => a.Id));
    }

    [Fact]
    public async Task Next_cursor_is_null_exactly_when_nothing_further_matches()
    {
        var harness = await StoreHarness.CreateAsync();
        for (var i = 0; i < 4; i++)
        {
            await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}"));
        }

        var first = await harness.ListAsync(Acme, new FeedQuery { Limit = 2 });
        var second = await harness.ListAsync(Acme, new FeedQuery { Limit = 2, Cursor = first.NextCursor });
        var exact = await harness.ListAsync(Acme, new FeedQuery { Limit = 4 });

        Assert.NotNull(first.NextCursor);
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.NextCursor);
        Assert.Null(exact.NextCursor);
    }

    [Fact]
    public async Task Filters_combine_or_within_and_and_across()
    {
        var harness = await StoreHarness.CreateAsync();
        var meeting = await harness.CreateAsync(Acme, StoreHarness.Content("m", contactId: "c1", activityType: "Meeting", status: "pending"));
        var invoice = await harness.CreateAsync(Acme, StoreHarness.Content("i", contactId: "c1", activityType: "Invoice", status: "completed"));
        await harness.CreateAsync(Acme, StoreHarness.Content("p", contactId: "c2", activityType: "Payment", status: "pending"));

        var both = await harness.ListAsync(Acme, new FeedQuery { ActivityTypes = ["Meeting", "Invoice"], ContactId = "c1" });
        var pendingC1 = await harness.ListAsync(Acme, new FeedQuery { ContactId = "c1", Statuses = ["pending"] });
        var mine = await harness.ListAsync(Acme, new FeedQuery { UserId = "u1", ActivityTypes = ["Invoice"] });

        Assert.Equal([invoice.Id, meeting.Id], both.Items.Select(a => a.Id));
        Assert.Equal([meeting.Id], pendingC1.Items.Select(a => a.Id));
        Assert.Equal([invoice.Id], mine.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task Created_range_includes_from_and_excludes_to_in_both_orders()
    {
        var harness = await StoreHarness.CreateAsync();
        var created = new List<Activity>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}")));
        }

        var query = new FeedQuery { CreatedFrom = created[1].CreatedAt, CreatedTo = created[3].CreatedAt };
        var descending = await harness.ListAllAsync(Acme, query with { Limit = 1 });
        var ascending = await harness.ListAllAsync(Acme, query with { Sort = SortOrder.Ascending });
        var userDescending = await harness.ListAllAsync(Acme, query with { UserId = "u1" });

        Assert.Equal([created[2].Id, created[1].Id], descending.Select(a => a.Id));
        Assert.Equal([created[1].Id, created[2].Id], ascending.Select(a => a.Id));
        Assert.Equal([created[2].Id, created[1].Id], userDescending.Select(a => a.Id));
    }

    [Fact]
    public async Task Cursor_from_another_query_or_tampered_is_refused()
    {
        var harness = await StoreHarness.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}"));
        }

        var cursor = (await harness.ListAsync(Acme, new FeedQuery { Limit = 1 })).NextCursor;

        Assert.NotNull((await harness.Store.ListAsync(Acme, new FeedQuery { Limit = 1, Cursor = cursor, Sort = SortOrder.Ascending })).CursorError);
        Assert.NotNull((await harness.Store.ListAsync(Acme, new FeedQuery { Limit = 1, Cursor = cursor, Statuses = ["pending"] })).CursorError);
        Assert.NotNull((await harness.Store.ListAsync(Acme, new FeedQuery { Cursor = "not-a-cursor" })).CursorError);
        Assert.NotNull((await harness.Store.ListAsync(Acme, new FeedQuery { Cursor = cursor![..^2] })).CursorError);
        Assert.Null((await harness.Store.ListAsync(Acme, new FeedQuery { Limit = 5, Cursor = cursor })).CursorError);
    }

    [Fact]
    public async Task Walking_pages_while_activities_are_created_yields_each_match_once_in_order()
    {
        var harness = await StoreHarness.CreateAsync();
        var expected = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            expected.Add((await harness.CreateAsync(Acme, StoreHarness.Content($"n{i}", activityType: i % 3 == 0 ? "Note" : "Meeting"))).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await harness.ListAsync(Acme, new FeedQuery { ActivityTypes = ["Meeting"], Limit = 3, Cursor = cursor });
            seen.AddRange(page.Items.Select(a => a.Id));
            cursor = page.NextCursor;
            await harness.CreateAsync(Acme, StoreHarness.Content("late", activityType: "Meeting"));
        }
        while (cursor is not null);

        var meetings = expected.Where((_, i) => i % 3 != 0).Reverse().ToList();
        Assert.Equal(meetings, seen);
    }
}
