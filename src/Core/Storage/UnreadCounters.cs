using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// Collects the unread-count changes of one transaction per user, so a user's read-state row is
/// written once (a transaction may touch a row only once) with the sum of the changes, under its ETag.
/// </summary>
internal sealed class UnreadCounters
{
    private readonly Dictionary<string, (UserReadState State, int Delta)> _changes = new(StringComparer.Ordinal);

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
        foreach (var (state, delta) in _changes.Values.Where(change => change.Delta != 0))
        {
            (state with { UnreadCount = state.UnreadCount + delta }).WriteTo(transaction, companyId);
        }
    }
}
