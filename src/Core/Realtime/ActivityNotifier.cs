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
        var messages = changes.SelectMany(RealtimeMessages.For).ToList();
        var users = changes.SelectMany(change => new[] { change.Activity.Content.UserId, change.PreviousUserId })
            .Concat(alsoCounted).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var userId in users)
        {
            try
            {
                var count = await store.GetUnreadCountAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
                messages.Add(RealtimeMessages.UnreadCount(companyId, userId, count));
            }
            catch (Exception error) when (error is TableRequestFailedException or RequestFailedException)
            {
                // Best effort by design: the write is already stored; the badge corrects itself on the next read.
            }
        }

        if (messages.Count > 0)
        {
            await publisher.PublishAsync(messages, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task NotifyUnreadCountAsync(string companyId, string userId, int count, CancellationToken cancellationToken) =>
        publisher.PublishAsync([RealtimeMessages.UnreadCount(companyId, userId, count)], cancellationToken);
}
