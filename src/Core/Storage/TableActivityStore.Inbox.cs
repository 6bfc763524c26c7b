using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// Inbox states (contract §10): counts, mark-all-seen, bulk updates and preferences. All of them write the
/// user's read-state row under its ETag, like every other change of the counts, so the counts stay exact.
/// </summary>
public sealed partial class TableActivityStore
{
    /// <summary>Rows one bulk item writes at most: the activity, its three feed copies, history and two timeline copies.</summary>
    private const int BulkOperationsPerItem = 7;

    /// <summary>Request bytes a bulk transaction plans for, under the 4 MiB a transaction may carry.</summary>
    private const int BulkBytesPerTransaction = 3 * 1024 * 1024;

    public async Task<InboxCounts> GetInboxCountsAsync(string companyId, string userId, CancellationToken cancellationToken = default) =>
        Counts(await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false));

    public async Task<InboxCounts> MarkAllSeenAsync(string companyId, string userId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
            var inbox = state.Inbox with { UnseenCount = 0, SeenGeneration = state.Inbox.SeenGeneration + 1, AllSeenAt = clock.GetUtcNow() };
            var marked = state with { Inbox = inbox };
            try
            {
                await WriteUserStateAsync(companyId, state, marked, cancellationToken).ConfigureAwait(false);
                return Counts(marked);
            }
            catch (TableRequestFailedException error) when (IsContention(error) && attempt < ContentionBackoff.MaxAttempts)
            {
                // An activity was created or changed concurrently; decide again from the new state.
                await ContentionBackoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<InboxPreferences> GetPreferencesAsync(string companyId, string userId, CancellationToken cancellationToken = default) =>
        (await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false)).Inbox.Preferences;

    public async Task<InboxPreferences> SetPreferencesAsync(string companyId, string userId, InboxPreferences preferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        for (var attempt = 1; ; attempt++)
        {
            var state = await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
            try
            {
                await WriteUserStateAsync(companyId, state, state with { Inbox = state.Inbox with { Preferences = preferences } }, cancellationToken).ConfigureAwait(false);
                return preferences;
            }
            catch (TableRequestFailedException error) when (IsContention(error) && attempt < ContentionBackoff.MaxAttempts)
            {
                await ContentionBackoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// All rows are read at once (one point read per id, in parallel); then the items are written in
    /// transactions of at most 14 items each (7 rows per item plus the user's row, under 100 operations
    /// and 3 MiB), each with the user's count row under its ETag, so a concurrent change makes only that
    /// transaction re-read and decide again. Without contention: n reads, then a state read and a transaction per chunk.
    /// </summary>
    public async Task<BulkOutcome> BulkUpdateAsync(
        string companyId, string userId, IReadOnlyList<string> ids, IReadOnlyDictionary<string, long> versions, Func<Activity, EditResult> apply, ChangeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(apply);
        var rows = await Task.WhenAll(ids.Select(id => ReadActivityAsync(companyId, id, cancellationToken))).ConfigureAwait(false);
        var results = new Dictionary<string, BulkItemResult>(StringComparer.Ordinal);
        var changes = new List<ActivityChange>();
        foreach (var chunk in Chunks(ids, rows))
        {
            var chunkRows = chunk.Select(index => rows[index]).ToArray();
            for (var attempt = 1; ; attempt++)
            {
                var state = await ReadUserStateAsync(companyId, userId, cancellationToken).ConfigureAwait(false);
                var transaction = new TableTransaction();
                var counters = new UnreadCounters();
                var chunkResults = new List<BulkItemResult>();
                var chunkChanges = new List<ActivityChange>();
                for (var i = 0; i < chunk.Count; i++)
                {
                    var id = ids[chunk[i]];
                    var row = chunkRows[i];
                    if (row is null || row.UserId != userId)
                    {
                        chunkResults.Add(new BulkItemResult(id, WriteStatus.NotFound, null));
                        continue;
                    }

                    if (versions.TryGetValue(id, out var version) && version != row.Activity.Version)
                    {
                        chunkResults.Add(new BulkItemResult(id, WriteStatus.VersionMismatch, row.Activity.Version));
                        continue;
                    }

                    var current = row.Resolve(state);
                    var edit = apply(current);
                    if (edit.Content is null)
                    {
                        chunkResults.Add(new BulkItemResult(id, WriteStatus.Invalid, current.Version));
                        continue;
                    }

                    var content = InboxRules.Normalize(edit.Content);
                    var fieldChanges = HistoryDiff.Between(current.Content, content);
                    if (fieldChanges.Count == 0)
                    {
                        chunkResults.Add(new BulkItemResult(id, WriteStatus.Done, current.Version));
                        continue;
                    }

                    var updated = await PlanUpdateAsync(transaction, counters, companyId, row, state, current, content, cancellationToken).ConfigureAwait(false);
                    AddHistoryRows(transaction, companyId, NewEntry(id, HistoryEvents.Updated, context, fieldChanges), current.Content, content);
                    chunkResults.Add(new BulkItemResult(id, WriteStatus.Done, updated.Version));
                    chunkChanges.Add(new ActivityChange(ActivityChangeKind.Updated, updated));
                }

                counters.WriteTo(transaction, companyId);
                try
                {
                    if (chunkChanges.Count > 0)
                    {
                        await table.SubmitTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
                    }

                    chunkResults.ForEach(result => results[result.Id] = result);
                    changes.AddRange(chunkChanges);
                    break;
                }
                catch (TableRequestFailedException error) when ((IsContention(error) || error.IsNotFound) && attempt < ContentionBackoff.MaxAttempts)
                {
                    // An item or the counts changed (or an item was deleted) under us: re-read this chunk's rows and decide again.
                    await ContentionBackoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                    chunkRows = await Task.WhenAll(chunk.Select(index => ReadActivityAsync(companyId, ids[index], cancellationToken))).ConfigureAwait(false);
                }
            }
        }

        return new BulkOutcome(ids.Select(id => results[id]).ToList(), changes);
    }

    /// <summary>Groups item indexes so each transaction stays under its operation and size limits.</summary>
    private static List<List<int>> Chunks(IReadOnlyList<string> ids, StoredActivity?[] rows)
    {
        var chunks = new List<List<int>>();
        var current = new List<int>();
        var bytes = 0;
        for (var index = 0; index < ids.Count; index++)
        {
            // The activity row is written four times (row and feed copies); JSON may double its text.
            var itemBytes = rows[index] is { } row ? 4 * 2 * EstimatedBytes(row.Activity.Content) : 0;
            if (current.Count > 0 && ((current.Count + 1) * BulkOperationsPerItem >= TableTransaction.MaxOperations || bytes + itemBytes > BulkBytesPerTransaction))
            {
                chunks.Add(current);
                (current, bytes) = ([], 0);
            }

            current.Add(index);
            bytes += itemBytes;
        }

        if (current.Count > 0)
        {
            chunks.Add(current);
        }

        return chunks;
    }

    private static int EstimatedBytes(ActivityContent content) =>
        2048 + Encoding.UTF8.GetByteCount(content.Title) +
        Encoding.UTF8.GetByteCount(content.Description ?? "") +
        Encoding.UTF8.GetByteCount(content.FormattedDescription ?? "") +
        content.Properties.Sum(pair => pair.Key.Length + Encoding.UTF8.GetByteCount(pair.Value.GetRawText()));

    private async Task WriteUserStateAsync(string companyId, UserReadState state, UserReadState updated, CancellationToken cancellationToken)
    {
        if (state.Exists)
        {
            await table.UpdateEntityAsync(updated.ToEntity(companyId), state.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await table.AddEntityAsync(updated.ToEntity(companyId), cancellationToken).ConfigureAwait(false);
        }
    }

    private static InboxCounts Counts(UserReadState state) => new(state.UnreadCount, state.Inbox.UnseenCount, state.Inbox.Preferences);

    /// <summary>
    /// The inbox filters of a listing (contract §10), applied to each row read: archived (no state needed)
    /// and seen (resolved against the owner's state, loaded once per owner).
    /// </summary>
    private async ValueTask<bool> KeepsAsync(string companyId, StoredActivity row, FeedQuery query, UserReadState? userState, Dictionary<string, UserReadState> states, CancellationToken cancellationToken)
    {
        var archived = row.Activity.Content.ArchivedAt is not null;
        if ((query.Archived == ArchivedFilter.Exclude && archived) || (query.Archived == ArchivedFilter.Only && !archived))
        {
            return false;
        }

        if (query.Seen is not { } wantSeen)
        {
            return true;
        }

        var owner = row.UserId is not { } ownerId ? null
            : userState is not null && userState.UserId == ownerId ? userState
            : null;
        if (owner is null && row.UserId is not null)
        {
            await LoadStatesAsync(companyId, [row.UserId], states, budget: null, cancellationToken).ConfigureAwait(false);
            owner = states[row.UserId];
        }

        return (row.Resolve(owner).Content.SeenAt is not null) == wantSeen;
    }
}
