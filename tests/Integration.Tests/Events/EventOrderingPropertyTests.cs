using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.History;
using ActivityService.Core.Storage;
using ActivityService.Integration.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Integration.Tests.Events;

/// <summary>
/// Contract §6 at-least-once and order tolerance, against Azurite: delivering generated event histories
/// with duplicates and in any order ends in the same activities, copies, history and unread counts as
/// applying each message once in time order, copies and preworks included, compared field by field,
/// with deletes in any position and admin edits (PATCH) interleaved at their own times.
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
        var perActivity = scenario.InTimeOrder.Where(m => m.Event.Type != EventSpec.ApiEdit).GroupBy(m => m.Event.ExternalId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(perActivity, actual.History.ToDictionary(pair => pair.Key, pair => pair.Value.Count));
        return true;
    }

    private static async Task<Outcome> ApplyAsync(IReadOnlyList<Message> messages)
    {
        // The clock starts before every event, so each admin edit moves it forward to the edit's time.
        var harness = await StoreHarness.CreateAsync(EventSpec.Start.AddMinutes(-1));
        var processor = new EventProcessor(harness.Store, new ActivityIds(TimeProvider.System), TimeProvider.System);
        foreach (var message in messages)
        {
            if (message.Event.Type == EventSpec.ApiEdit)
            {
                await EditAsync(harness, message.Event);
                continue;
            }

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
            history[externalId] = entries.Where(e => e.Source == ChangeSources.Event)
                .Select(e => $"{e.SourceEvent}@{Rfc3339.Format(e.OccurredAt)}").Order(StringComparer.Ordinal).ToList();
        }

        var unread = new Dictionary<string, int>();
        foreach (var user in new[] { "tech-1", "tech-2" })
        {
            unread[user] = await harness.Store.GetUnreadCountAsync(Acme, user);
        }

        var unreadActivities = unread.Keys.ToDictionary(user => user, user => live.Count(a => a.Content.UserId == user && a.Content.ReadAt is null));
        return new Outcome(mains, created, history, unread, unreadActivities);
    }

    /// <summary>
    /// An admin's PATCH made at the edit's time, of the activity the external id names. An edit of an
    /// activity deleted by then answers 404 and changes nothing, as through the API.
    /// </summary>
    private static async Task EditAsync(StoreHarness harness, EventSpec edit)
    {
        harness.Clock.Advance(edit.Time - harness.Clock.GetUtcNow());
        var listed = await harness.ListAllAsync(Acme, new FeedQuery { ExternalId = edit.ExternalId });
        if (listed.SingleOrDefault() is not { } target)
        {
            return;
        }

        // Values no event sets: an edit that sets a field to the value it already has stamps nothing
        // (docs/events.md, "Where order still matters"), so every edit here really changes its fields.
        var minute = edit.Minute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var change = new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with
        {
            Title = "Edited at minute " + minute,
            UserId = edit.User is null ? current.Content.UserId : "admin-pick-" + minute,
            Properties = edit.Color is null
                ? current.Content.Properties
                : new Dictionary<string, JsonElement>(current.Content.Properties, StringComparer.Ordinal) { ["color"] = JsonSerializer.SerializeToElement("green-" + minute) },
        }));
        var outcome = await harness.Store.UpdateAsync(Acme, target.Id, change, ChangeContext.Api("admin"));
        Assert.Contains(outcome.Status, new[] { WriteStatus.Done, WriteStatus.NotFound });
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
