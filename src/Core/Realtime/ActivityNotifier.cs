using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;
using Azure;

namespace ActivityService.Core.Realtime;

/// <summary>
/// Publishes the live updates of a committed write: the change to its audiences and the new unread count
/// of each user whose count may have moved. Runs after the write is stored, so it never decides whether a
/// write succeeds: a count that cannot be read is skipped, and the client catches up on reconnect.
/// </summary>
public sealed class ActivityNotifier(IActivityStore store, IRealtimePublisher publisher)
{
    public async Task NotifyAsync(string companyId, IReadOnlyList<ActivityChange> changes, IEnumerable<string?> alsoCounted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var users = changes.SelectMany(change => new[] { change.Activity.Content.UserId, change.PreviousUserId })
            .Concat(alsoCounted).OfType<string>().Distinct(StringComparer.Ordinal);
        var counts = new Dictionary<string, InboxCounts>(StringComparer.Ordinal);
        foreach (var userId in users)
        {
            try
            {
                // One read gives both counts and the preferences that decide what is pushed.
                counts[userId] = await store.GetInboxCountsAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is TableRequestFailedException or RequestFailedException)
            {
                // Best effort by design: the write is already stored; the badge corrects itself on the next read.
            }
        }

        var messages = changes.SelectMany(change => RealtimeMessages.For(change).Where(message => !IsQuiet(change, message, counts))).ToList();
        messages.AddRange(counts.Select(pair => RealtimeMessages.UnreadCount(companyId, pair.Key, pair.Value)));
        if (messages.Count > 0)
        {
            await publisher.PublishAsync(messages, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task NotifyUnreadCountAsync(string companyId, string userId, InboxCounts counts, CancellationToken cancellationToken) =>
        publisher.PublishAsync([RealtimeMessages.UnreadCount(companyId, userId, counts)], cancellationToken);

    /// <summary>A new activity the owner muted (or with push off) is not pushed to the owner; admins still hear of it.</summary>
    private static bool IsQuiet(ActivityChange change, RealtimeMessage message, Dictionary<string, InboxCounts> counts) =>
        change.Kind == ActivityChangeKind.Created &&
        message.Audience is RealtimeAudience.User user &&
        counts.TryGetValue(user.UserId, out var owner) &&
        !owner.Preferences.PushesNew(change.Activity.Content);
}
