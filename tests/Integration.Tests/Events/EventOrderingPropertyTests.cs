using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Storage;
using ActivityService.Integration.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Integration.Tests.Events;

/// <summary>
/// Spec §6 at-least-once and order tolerance, against Azurite: delivering generated event histories
/// with duplicates and in any order ends in the same activities, copies, history and unread counts as
/// applying each message once in time order, copies and preworks included, compared field by field.
/// </summary>
public sealed class EventOrderingPropertyTests
{
    private const string Acme = "acme";

    [Fact]
    public void Permuted_duplicated_delivery_equals_in_order_exactly_once_application()
    {
        var property = Prop.ForAll(EventScenario.Generator().ToArbitrary(), scenario =>
            AgreeAsync(scenario).GetAwaiter().GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25), property);
    }

    private static async Task<bool> AgreeAsync(EventScenario scenario)
    {
        var expected = await ApplyAsync(scenario.InTimeOrder);
        var actual = await ApplyAsync(scenario.Delivered);
        Assert.Equal(expected.Mains, actual.Mains);
        Assert.Equal(string.Join("\n", expected.Created), string.Join("\n", actual.Created));
        Assert.Equal(expected.History, actual.History);

        // Copies are made as of their event's time, so they land in the same feeds whatever the order.
        Assert.Equal(expected.Unread, actual.Unread);
        Assert.Equal(expected.UnreadActivities, expected.Unread);
        Assert.Equal(actual.UnreadActivities, actual.Unread);

        // Exactly once: one history entry on the named activity per distinct message.
        var perActivity = scenario.InTimeOrder.GroupBy(m => m.Event.ExternalId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(perActivity, actual.History.ToDictionary(pair => pair.Key, pair => pair.Value.Count));
        return true;
    }

    private static async Task<Outcome> ApplyAsync(IReadOnlyList<Message> messages)
    {
        var harness = await StoreHarness.CreateAsync();
        var processor = new EventProcessor(harness.Store, new ActivityIds(TimeProvider.System), TimeProvider.System);
        foreach (var message in messages)
        {
            var result = await processor.ProcessAsync(new EventDelivery(message.MessageId, 1, message.Sequence, message.Event.Body(Acme)));
            Assert.NotEqual(EventApplyStatus.Rejected, result.Status);
        }

        var live = await harness.ListAllAsync(Acme, new FeedQuery { Limit = 100 });
        var mains = live.Where(a => a.Content.ExternalId is not null)
            .ToDictionary(a => a.Content.ExternalId!, Comparable);
        // Copies and preworks whole: each reflects its main activity as of its event's time.
        var created = live.Where(a => a.Content.ExternalId is null)
            .Select(Comparable)
            .Order(StringComparer.Ordinal)
            .ToList();

        var history = new Dictionary<string, List<string>>();
        foreach (var externalId in messages.Select(m => m.Event.ExternalId).Distinct())
        {
            var mapping = await harness.Table.GetEntityIfExistsAsync(Acme, RowKeys.External(externalId));
            var entries = (await harness.Store.GetHistoryAsync(Acme, mapping!.GetString("ActivityId")!, null, 100, null)).Page!.Items;
            history[externalId] = entries.Select(e => $"{e.SourceEvent}@{Rfc3339.Format(e.OccurredAt)}").Order(StringComparer.Ordinal).ToList();
        }

        var unread = new Dictionary<string, int>();
        foreach (var user in new[] { "tech-1", "tech-2" })
        {
            unread[user] = await harness.Store.GetUnreadCountAsync(Acme, user);
        }

        var unreadActivities = unread.Keys.ToDictionary(user => user, user => live.Count(a => a.Content.UserId == user && a.Content.ReadAt is null));
        return new Outcome(mains, created, history, unread, unreadActivities);
    }

    /// <summary>The activity as JSON without what differs between runs by construction (ids, clocks of the run).</summary>
    private static string Comparable(Activity activity)
    {
        var json = ActivityJson.ToJsonObject(activity);
        foreach (var field in new[] { "id", "created_at", "updated_at", "version" })
        {
            json.Remove(field);
        }

        return json.ToJsonString();
    }

    private sealed record Outcome(
        Dictionary<string, string> Mains,
        List<string> Created,
        Dictionary<string, List<string>> History,
        Dictionary<string, int> Unread,
        Dictionary<string, int> UnreadActivities);
}
