using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Events;
using ActivityService.Integration.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Integration.Tests.Storage;

/// <summary>
/// Contract §10, against Azurite: any interleaving of creates, events, read/unread, seen/unseen,
/// archive/unarchive, bulk calls, mark-seen, mark-read, deletes and preference changes (run concurrently,
/// some retried) leaves each user's unread and unseen counts equal to a full walk of their feed.
/// </summary>
public sealed class InboxCountPropertyTests
{
    private const string Acme = "acme";
    private static readonly string[] Users = ["u1", "u2"];
    private static readonly string[] Types = ["Meeting", "Call", "Task"];

    public sealed record Step(int Kind, int User, int Target, int Field, bool Set, bool Retry, int[] Targets);

    [Fact]
    public void Counts_equal_a_walk_of_the_feed_after_any_concurrent_interleaving()
    {
        var step = from kind in Gen.Choose(0, 9)
                   from user in Gen.Choose(0, 1)
                   from target in Gen.Choose(0, 1000)
                   from field in Gen.Choose(0, 2)
                   from set in Gen.Elements(true, false)
                   from retry in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
                   from count in Gen.Choose(0, 6)
                   from targets in Gen.ArrayOf(Gen.Choose(0, 1000), count)
                   select new Step(kind, user, target, field, set, retry, targets);
        var scenario = Gen.Choose(8, 40).SelectMany(length => Gen.ListOf(step, length));
        var property = Prop.ForAll(scenario.ToArbitrary(), steps => RunAsync(steps).GetAwaiter().GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), property);
    }

    private static async Task<bool> RunAsync(IEnumerable<Step> steps)
    {
        var harness = await StoreHarness.CreateAsync();
        var processor = new EventProcessor(harness.Store, new ActivityIds(TimeProvider.System), TimeProvider.System);
        var ids = new List<string>();
        var sequence = 0;

        // Waves of four steps run concurrently; the ids a wave targets are those created before it.
        foreach (var wave in steps.Chunk(4))
        {
            var known = ids.ToArray();
            var created = await Task.WhenAll(wave.Select(step => RunStepAsync(harness, processor, step, known, Interlocked.Increment(ref sequence))));
            ids.AddRange(created.OfType<string>());
        }

        foreach (var user in Users)
        {
            var counts = await harness.Store.GetInboxCountsAsync(Acme, user);
            var feed = await harness.ListAllAsync(Acme, new FeedQuery { UserId = user, Archived = ArchivedFilter.Include, Limit = 100 });
            var live = feed.Where(a => a.Content.ArchivedAt is null).ToList();
            Assert.Equal(live.Count(a => a.Content.ReadAt is null), counts.UnreadCount);
            Assert.Equal(live.Count(a => a.Content.SeenAt is null), counts.UnseenCount);
            Assert.All(live, a => Assert.True(a.Content.ReadAt is null || a.Content.SeenAt is not null, "a read activity is seen"));

            // The listing filters agree with the counts too.
            Assert.Equal(counts.UnseenCount, (await harness.ListAllAsync(Acme, new FeedQuery { UserId = user, Seen = false, Archived = ArchivedFilter.Exclude, Limit = 100 })).Count);
            Assert.Equal(live.Count, (await harness.ListAllAsync(Acme, new FeedQuery { UserId = user, Archived = ArchivedFilter.Exclude, Limit = 100 })).Count);
        }

        return true;
    }

    /// <summary>Runs one step (twice when it is a retry); returns the id of an activity it created.</summary>
    private static async Task<string?> RunStepAsync(StoreHarness harness, EventProcessor processor, Step step, string[] known, int sequence)
    {
        string? result = null;
        for (var attempt = 0; attempt < (step.Retry ? 2 : 1); attempt++)
        {
            try
            {
                result = await RunOnceAsync(harness, processor, step, known, sequence) ?? result;
            }
            catch (TableRequestFailedException error) when (error.IsNotFound && step.Kind is 2 or 3 or 7 or 9)
            {
                // An update or delete that lost a race with a delete fails whole (the write-path change
                // reports it as a 404); the counts must be exact either way.
            }
        }

        return result;
    }

    private static async Task<string?> RunOnceAsync(StoreHarness harness, EventProcessor processor, Step step, string[] known, int sequence)
    {
        var store = harness.Store;
        var user = Users[step.User];
        var target = known.Length == 0 ? "missing" : known[step.Target % known.Length];
        var at = new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero).AddSeconds(sequence);
        switch (step.Kind)
        {
            case 0:
            {
                var content = StoreHarness.Content($"created {sequence}", user, activityType: Types[step.Field]) with { ReadAt = step.Set ? null : at };
                var outcome = await store.CreateAsync(Acme, new NewActivity(content, ChangeContext.Api("admin"), new IdempotencyKey("admin", $"k{sequence}", "h")));
                return outcome.Activity!.Id;
            }

            case 1:
            {
                // An event creates, starts or moves one of three field activities.
                var type = (step.Target % 3) switch { 0 => "activityCreated", 1 => "activityStarted", _ => "activityMoved" };
                var spec = new EventSpec((100 + (step.Field % 3)).ToString(System.Globalization.CultureInfo.InvariantCulture), type, sequence, null, user, null, null);
                await processor.ProcessAsync(new EventDelivery($"m{sequence}", 1, sequence, spec.Body(Acme)));
                return null;
            }

            case 2:
            case 3:
                await store.UpdateAsync(Acme, target, new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(Set(current.Content, step.Field, step.Set ? at : null))), ChangeContext.Api(user));
                return null;
            case 4:
            {
                var targets = step.Targets.Select(i => known.Length == 0 ? "missing" : known[i % known.Length]).Append(target).Distinct().ToList();
                var owner = (await store.GetAsync(Acme, target))?.Content.UserId ?? user;
                await store.BulkUpdateAsync(Acme, owner, targets, new Dictionary<string, long>(), current => EditResult.Accept(Set(current.Content, step.Field, step.Set ? at : null)), ChangeContext.Api(owner));
                return null;
            }

            case 5:
                await store.MarkAllSeenAsync(Acme, user);
                return null;
            case 6:
                await store.MarkAllReadAsync(Acme, user);
                return null;
            case 7:
                await store.DeleteAsync(Acme, target, ActivityPrecondition.None, ChangeContext.Api("admin"));
                return null;
            case 8:
                await store.SetPreferencesAsync(Acme, user, new InboxPreferences(step.Set ? [new MuteRule(Types[step.Field], null)] : [], true));
                return null;
            default:
                await store.UpdateAsync(Acme, target, new ActivityEdit(ActivityPrecondition.None, current => EditResult.Accept(current.Content with { UserId = user })), ChangeContext.Api("admin"));
                return null;
        }
    }

    private static ActivityContent Set(ActivityContent content, int field, DateTimeOffset? value) => field switch
    {
        0 => content with { ReadAt = value },
        1 => content with { SeenAt = value },
        _ => content with { ArchivedAt = value },
    };
}
