using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using Microsoft.Extensions.Time.Testing;

namespace ActivityService.Integration.Tests.Infrastructure;

/// <summary>A store on a fresh Azurite table, with helpers to create activities tersely.</summary>
public sealed class StoreHarness
{
    private StoreHarness(TableClient table, TableActivityStore store, FakeTimeProvider clock)
    {
        Table = table;
        Store = store;
        Clock = clock;
    }

    public TableClient Table { get; }

    public TableActivityStore Store { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>A store on a fresh table whose clock starts at <paramref name="start"/> (default 2026-01-15 10:00 UTC).</summary>
    public static async Task<StoreHarness> CreateAsync(DateTimeOffset? start = null)
    {
        var table = await Azurite.CreateTableAsync("act");
        var clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero));
        return new StoreHarness(table, new TableActivityStore(table, new ActivityIds(clock), clock), clock);
    }

    public static ActivityContent Content(string title = "Order placed", string? userId = "u1", string? contactId = null, string? activityType = null, string? status = null) =>
        new() { Title = title, UserId = userId, ContactId = contactId, ActivityType = activityType, Status = status };

    public async Task<Activity> CreateAsync(string companyId, ActivityContent content, IdempotencyKey? key = null)
    {
        Clock.Advance(TimeSpan.FromMilliseconds(5));
        var outcome = await Store.CreateAsync(companyId, new NewActivity(content, ChangeContext.Api("admin"), key));
        Assert.Equal(WriteStatus.Done, outcome.Status);
        return outcome.Activity!;
    }

    public async Task<FeedPage<Activity>> ListAsync(string companyId, FeedQuery query)
    {
        var outcome = await Store.ListAsync(companyId, query);
        Assert.Null(outcome.CursorError);
        return outcome.Page!;
    }

    /// <summary>Every item of a listing, walking all pages.</summary>
    public async Task<List<Activity>> ListAllAsync(string companyId, FeedQuery query)
    {
        var all = new List<Activity>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(companyId, query with { Cursor = cursor });
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
