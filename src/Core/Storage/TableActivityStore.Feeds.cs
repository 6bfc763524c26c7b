using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>Feed pages and history pages: one range query over the rows of one index, in key order.</summary>
public sealed partial class TableActivityStore
{
    public async Task<ListOutcome<Activity>> ListAsync(string companyId, FeedQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var plan = FeedPlan.For(query);
        string? after = null;
        if (query.Cursor is { } cursor)
        {
            (after, var error) = FeedCursor.Decode(cursor, plan.Fingerprint, plan.Prefix);
            if (error is not null)
            {
                return ListOutcome<Activity>.BadCursor(error);
            }
        }

        // A single-user feed needs that user's read state. The newest-first first page gets it in the same
        // query (the state row heads the range); otherwise it is read alongside, or first when the read
        // filter needs its generation.
        UserReadState? userState = null;
        Task<UserReadState>? userStateRead = null;
        var stateInRange = plan.ReadsStateInline(after);
        if (plan.UserId is not null && (query.Read is not null || query.Seen is not null))
        {
            userState = await ReadUserStateAsync(companyId, plan.UserId, cancellationToken).ConfigureAwait(false);
        }
        else if (plan.UserId is not null && !stateInRange)
        {
            userStateRead = ReadUserStateAsync(companyId, plan.UserId, cancellationToken);
        }

        var filter = plan.Filter(companyId, after, stateInRange, userState);
        var take = query.Limit + 1;
        var rows = new List<(string RowKey, StoredActivity Row)>(take);
        var inMemoryRead = plan.UserId is null ? query.Read : null;
        var states = new Dictionary<string, UserReadState>(StringComparer.Ordinal);
        await foreach (var page in table.QueryAsync(filter, maxPerPage: Math.Min(1000, take + (stateInRange ? 1 : 0)), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                if (!ActivityEntities.IsActivity(entity))
                {
                    userState = UserReadState.FromEntity(plan.UserId!, entity);
                    continue;
                }

                var row = ActivityEntities.FromEntity(entity);
                if (inMemoryRead is { } wantRead && await IsReadAsync(companyId, row, states, cancellationToken).ConfigureAwait(false) != wantRead)
                {
                    continue;
                }

                if (!await KeepsAsync(companyId, row, query, userState, states, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                rows.Add((entity.RowKey, row));
            }

            if (rows.Count >= take)
            {
                break;
            }
        }

        if (userStateRead is not null)
        {
            userState = await userStateRead.ConfigureAwait(false);
        }

        var served = rows.Take(query.Limit).ToList();
        if (plan.UserId is not null)
        {
            states[plan.UserId] = userState ?? UserReadState.Missing(plan.UserId);
        }

        await LoadStatesAsync(companyId, served.Select(item => item.Row), states, cancellationToken).ConfigureAwait(false);
        var items = served.Select(item => item.Row.Resolve(item.Row.UserId is { } u ? states[u] : null)).ToList();
        var next = rows.Count > query.Limit ? FeedCursor.Encode(served[^1].RowKey, plan.Fingerprint) : null;
        return new ListOutcome<Activity>(new FeedPage<Activity>(items, next));
    }

    public async Task<ListOutcome<HistoryEntry>> GetHistoryAsync(string companyId, string activityId, string? ownerUserId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        if (!ActivityIds.IsWellFormed(activityId))
        {
            return ListOutcome<HistoryEntry>.Missing;
        }

        var ownerRead = ownerUserId is null ? null : ReadOwnerAsync(companyId, activityId, cancellationToken);
        var page = await ReadRangeAsync(companyId, RowKeys.HistoryPrefix(activityId), "history", limit, cursor, cancellationToken).ConfigureAwait(false);
        var owner = ownerRead is null ? null : await ownerRead.ConfigureAwait(false);
        if (page.CursorError is { } error)
        {
            return ListOutcome<HistoryEntry>.BadCursor(error);
        }

        // Every activity has history, so an empty page means "not this tenant's" unless a cursor walked
        // past the end of a real history; a cursor proves nothing (anyone can build one), so check.
        var exists = page.Rows.Count > 0 || (cursor is not null && await AnyHistoryAsync(companyId, activityId, cancellationToken).ConfigureAwait(false));
        if ((ownerUserId is not null && owner != ownerUserId) || !exists)
        {
            return ListOutcome<HistoryEntry>.Missing;
        }

        return new ListOutcome<HistoryEntry>(new FeedPage<HistoryEntry>(page.Rows.Select(HistoryEntities.FromEntity).ToList(), page.NextCursor));
    }

    /// <summary>
    /// One page of the rows under a key prefix, in key order: <paramref name="limit"/> rows, and a cursor
    /// when more exist (one extra row is read to know). The cursor is bound to the prefix.
    /// </summary>
    private async Task<(IReadOnlyList<TableEntity> Rows, string? NextCursor, string? CursorError)> ReadRangeAsync(
        string companyId, string prefix, string kind, int limit, string? cursor, CancellationToken cancellationToken, string? rowFilter = null)
    {
        var fingerprint = FeedCursor.Fingerprint(kind, prefix, rowFilter);
        string? after = null;
        if (cursor is not null)
        {
            (after, var error) = FeedCursor.Decode(cursor, fingerprint, prefix);
            if (error is not null)
            {
                return ([], null, error);
            }
        }

        var filter = ODataFilter.And([
            ODataFilter.Equal("PartitionKey", companyId),
            ODataFilter.Compare("RowKey", after is null ? "ge" : "gt", after ?? prefix),
            ODataFilter.Compare("RowKey", "lt", prefix + RowKeys.End),
            rowFilter,
        ]);
        var rows = new List<TableEntity>(limit + 1);
        await foreach (var page in table.QueryAsync(filter, maxPerPage: Math.Min(1000, limit + 1), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.AddRange(page.Values);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var served = rows.Take(limit).ToList();
        return (served, rows.Count > limit ? FeedCursor.Encode(served[^1].RowKey, fingerprint) : null, null);
    }

    public async Task<ListOutcome<HistoryEntry>> GetTimelineAsync(string companyId, TimelineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var prefix = query.Sort == SortOrder.Ascending ? RowKeys.TimelineAscendingPrefix(query.ContactId) : RowKeys.TimelineDescendingPrefix(query.ContactId);
        var rowFilter = ODataFilter.And([
            ODataFilter.AnyOf("ActivityType", query.ActivityTypes),
            query.ActivityId is null ? null : ODataFilter.Equal("ActivityId", query.ActivityId),
        ]);
        var page = await ReadRangeAsync(companyId, prefix, "timeline", query.Limit, query.Cursor, cancellationToken, rowFilter.Length == 0 ? null : rowFilter).ConfigureAwait(false);
        return page.CursorError is { } error
            ? ListOutcome<HistoryEntry>.BadCursor(error)
            : new ListOutcome<HistoryEntry>(new FeedPage<HistoryEntry>(page.Rows.Select(HistoryEntities.FromEntity).ToList(), page.NextCursor));
    }

    private async Task<bool> AnyHistoryAsync(string companyId, string activityId, CancellationToken cancellationToken)
    {
        var prefix = RowKeys.HistoryPrefix(activityId);
        var filter = ODataFilter.And([
            ODataFilter.Equal("PartitionKey", companyId),
            ODataFilter.Compare("RowKey", "ge", prefix),
            ODataFilter.Compare("RowKey", "lt", prefix + RowKeys.End),
        ]);
        await foreach (var page in table.QueryAsync(filter, select: ["RowKey"], maxPerPage: 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The user an activity belongs to, or belonged to when it was deleted.</summary>
    private async Task<string?> ReadOwnerAsync(string companyId, string activityId, CancellationToken cancellationToken)
    {
        var live = table.GetEntityIfExistsAsync(companyId, RowKeys.Activity(activityId), ["UserId"], cancellationToken);
        var deleted = table.GetEntityIfExistsAsync(companyId, RowKeys.Tombstone(activityId), ["UserId"], cancellationToken);
        return ((await live.ConfigureAwait(false)) ?? (await deleted.ConfigureAwait(false)))?.GetString("UserId");
    }

    private async Task<bool> IsReadAsync(string companyId, StoredActivity row, Dictionary<string, UserReadState> states, CancellationToken cancellationToken)
    {
        await LoadStatesAsync(companyId, [row], states, cancellationToken).ConfigureAwait(false);
        return row.Resolve(row.UserId is { } userId ? states[userId] : null).Content.ReadAt is not null;
    }

    /// <summary>Reads, in parallel, the read state of every owner in <paramref name="rows"/> not yet known.</summary>
    private async Task LoadStatesAsync(string companyId, IEnumerable<StoredActivity> rows, Dictionary<string, UserReadState> states, CancellationToken cancellationToken)
    {
        var missing = rows.Select(row => row.UserId).OfType<string>().Distinct(StringComparer.Ordinal).Where(userId => !states.ContainsKey(userId)).ToList();
        var loaded = await Task.WhenAll(missing.Select(userId => ReadUserStateAsync(companyId, userId, cancellationToken))).ConfigureAwait(false);
        foreach (var state in loaded)
        {
            states[state.UserId] = state;
        }
    }
}
