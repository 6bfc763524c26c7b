using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// Collects the unread-count changes of one transaction per user, so a user's read-state row is
/// written once (a transaction may touch a row only once) with the sum of the changes, under its ETag.
/// </summary>
internal sealed class UnreadCounters
{
    private readonly Dictionary<string, (UserReadState State, int Delta)> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _unseen = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts an activity leaving (<paramref name="before"/>) and entering (<paramref name="after"/>) the owner's
    /// counts, both as the API shows them. The owner's row is written even when nothing moves, so its ETag
    /// guards the decision against a concurrent mark-all-read or mark-all-seen.
    /// </summary>
    public void Add(UserReadState? state, Activity? before, Activity? after)
    {
        if (state is null)
        {
            return;
        }

        var (unreadBefore, unseenBefore) = InboxRules.Contribution(before);
        var (unreadAfter, unseenAfter) = InboxRules.Contribution(after);
        _changes[state.UserId] = _changes.TryGetValue(state.UserId, out var existing)
            ? (existing.State, existing.Delta + unreadAfter - unreadBefore)
            : (state, unreadAfter - unreadBefore);
        _unseen[state.UserId] = _unseen.GetValueOrDefault(state.UserId) + unseenAfter - unseenBefore;
    }

    public void Add(UserReadState? state, int delta)
    {
        if (state is null || delta == 0)
        {
            return;
        }

        _changes[state.UserId] = _changes.TryGetValue(state.UserId, out var existing)
            ? (existing.State, existing.Delta + delta)
            : (state, delta);
    }

    public void WriteTo(TableTransaction transaction, string companyId)
    {
        foreach (var (state, delta) in _changes.Values.Where(change => change.Delta != 0 || _unseen.ContainsKey(change.State.UserId)))
        {
            var unseen = state.Inbox.UnseenCount + _unseen.GetValueOrDefault(state.UserId);
            (state with { UnreadCount = state.UnreadCount + delta, Inbox = state.Inbox with { UnseenCount = unseen } }).WriteTo(transaction, companyId);
        }
    }
}
