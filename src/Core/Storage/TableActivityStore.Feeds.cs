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
        var plan = FeedPlan.For(companyId, query);
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

        var (filter, inService) = plan.Filter(companyId, after, stateInRange, userState);
        var take = query.Limit + 1;
        var budget = new ListingBudget();
        var rows = new List<(string RowKey, StoredActivity Row)>(take);
        var inServiceRead = plan.UserId is null ? query.Read : null;
        // On company listings the read and seen filters need each owner's state, read while the budget lasts.
        var needsOwnerStates = inServiceRead is not null || (plan.UserId is null && query.Seen is not null);
        var filtered = inService.Count > 0 || needsOwnerStates || query.Seen is not null || query.Archived != ArchivedFilter.Include;
        var states = new Dictionary<string, UserReadState>(StringComparer.Ordinal);
        string? lastExamined = null;
        var stopped = false;
        // Service-side filters may skip many rows: read bigger pages, so that all query requests together
        // return at most the entity budget.
        var perPage = filtered ? ListingBudget.FilteredPageSize : Math.Min(1000, take + (stateInRange ? 1 : 0));
        await foreach (var page in table.QueryAsync(filter, maxPerPage: perPage, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            budget.CountPage(0);
            for (var index = 0; index < page.Values.Count; index++)
            {
                var entity = page.Values[index];
                if (!ActivityEntities.IsActivity(entity))
                {
                    userState = UserReadState.FromEntity(plan.UserId!, entity);
                    continue;
                }

                if (budget.EntitiesLeft == 0)
                {
                    stopped = true;
                    break;
                }

                var matches = inService.All(condition => condition.Matches(entity));
                if (matches && needsOwnerStates && entity.GetString("UserId") is { } owner && !states.ContainsKey(owner))
                {
                    // The read filter needs each owner's read state: read this and the next owners of the
                    // page's candidates together, in parallel, while the budget lasts (never one by one).
                    var owners = page.Values.Skip(index + 1).Take(budget.EntitiesLeft)
                        .Where(candidate => ActivityEntities.IsActivity(candidate) && inService.All(condition => condition.Matches(candidate)))
                        .Select(candidate => candidate.GetString("UserId"))
                        .OfType<string>().Where(candidate => !states.ContainsKey(candidate) && candidate != owner).Distinct(StringComparer.Ordinal)
                        .Take(ListingBudget.StateReadParallelism - 1)
                        .Prepend(owner);
                    await LoadStatesAsync(companyId, owners, states, budget, cancellationToken).ConfigureAwait(false);
                    if (!states.ContainsKey(owner))
                    {
                        stopped = true; // the state-read budget is spent: resume here next time
                        break;
                    }
                }

                budget.CountEntity();
                lastExamined = entity.RowKey;
                if (!matches)
                {
                    continue;
                }

                var row = ActivityEntities.FromEntity(entity);
                if (inServiceRead is { } wantRead && IsRead(row, states) != wantRead)
                {
                    continue;
                }

                if (!await KeepsAsync(companyId, row, query, userState, states, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                rows.Add((entity.RowKey, row));
                if (rows.Count >= take)
                {
                    break;
                }
            }

            if (rows.Count >= take || stopped)
            {
                break;
            }

            if (!budget.CanQuery)
            {
                stopped = true;
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

        await LoadStatesAsync(companyId, served.Select(item => item.Row.UserId), states, budget: null, cancellationToken).ConfigureAwait(false);
        var items = served.Select(item => item.Row.Resolve(item.Row.UserId is { } u ? states[u] : null)).ToList();

        // More matches exist (one extra row was read), or the budget ended the scan early: the cursor
        // resumes after the last row served, or else after the last row examined. Null only at the end.
        var next = rows.Count > query.Limit
            ? FeedCursor.Encode(served[^1].RowKey, plan.Fingerprint)
            : stopped
                ? lastExamined is null ? query.Cursor : FeedCursor.Encode(lastExamined, plan.Fingerprint)
                : null;
        return new ListOutcome<Activity>(new FeedPage<Activity>(items, next));
    }

    public async Task<ListOutcome<HistoryEntry>> GetHistoryAsync(string companyId, string activityId, string? ownerUserId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        if (!ActivityIds.IsWellFormed(activityId))
        {
            return ListOutcome<HistoryEntry>.Missing;
        }

        var ownerRead = ownerUserId is null ? null : ReadOwnerAsync(companyId, activityId, cancellationToken);
        var page = await ReadRangeAsync(companyId, RowKeys.HistoryPrefix(activityId), ownerUserId is null ? "history company" : "history own " + ownerUserId, limit, cursor, cancellationToken).ConfigureAwait(false);
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
    /// when more exist (one extra row is read to know). The cursor is bound to the tenant and the listing.
    /// Conditions go into the <c>$filter</c> while Azure's 15 comparisons allow, the rest are evaluated
    /// here; the work is bounded like a feed listing (<see cref="ListingBudget"/>), so a page left short
    /// by the budget carries a cursor that resumes after the last row examined.
    /// </summary>
    private async Task<(IReadOnlyList<TableEntity> Rows, string? NextCursor, string? CursorError)> ReadRangeAsync(
        string companyId, string prefix, string kind, int limit, string? cursor, CancellationToken cancellationToken, IReadOnlyList<EntityCondition>? conditions = null)
    {
        conditions ??= [];
        var fingerprint = FeedCursor.Fingerprint(companyId, kind, prefix, string.Join(" and ", conditions.Select(condition => condition.OData)));
        string? after = null;
        if (cursor is not null)
        {
            (after, var error) = FeedCursor.Decode(cursor, fingerprint, prefix);
            if (error is not null)
            {
                return ([], null, error);
            }
        }

        var room = ListingBudget.MaxFilterComparisons - 3;
        var inStorage = new List<string>();
        var inService = new List<EntityCondition>();
        foreach (var condition in conditions)
        {
            if (condition.Comparisons <= room)
            {
                room -= condition.Comparisons;
                inStorage.Add(condition.OData);
            }
            else
            {
                inService.Add(condition);
            }
        }

        var filter = ODataFilter.And([
            ODataFilter.Equal("PartitionKey", companyId),
            ODataFilter.Compare("RowKey", after is null ? "ge" : "gt", after ?? prefix),
            ODataFilter.Compare("RowKey", "lt", prefix + RowKeys.End),
            .. inStorage,
        ]);
        var budget = new ListingBudget();
        var rows = new List<TableEntity>(limit + 1);
        string? lastExamined = null;
        var stopped = false;
        var perPage = conditions.Count > 0 ? ListingBudget.FilteredPageSize : Math.Min(1000, limit + 1);
        await foreach (var page in table.QueryAsync(filter, maxPerPage: perPage, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            budget.CountPage(0);
            foreach (var entity in page.Values)
            {
                if (budget.EntitiesLeft == 0)
                {
                    stopped = true;
                    break;
                }

                budget.CountEntity();
                lastExamined = entity.RowKey;
                if (inService.All(condition => condition.Matches(entity)))
                {
                    rows.Add(entity);
                    if (rows.Count > limit)
                    {
                        break;
                    }
                }
            }

            if (rows.Count > limit || stopped)
            {
                break;
            }

            if (!budget.CanQuery)
            {
                stopped = true;
                break;
            }
        }

        var served = rows.Take(limit).ToList();
        var next = rows.Count > limit
            ? FeedCursor.Encode(served[^1].RowKey, fingerprint)
            : stopped
                ? lastExamined is null ? cursor : FeedCursor.Encode(lastExamined, fingerprint)
                : null;
        return (served, next, null);
    }

    public async Task<ListOutcome<HistoryEntry>> GetTimelineAsync(string companyId, TimelineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var prefix = query.Sort == SortOrder.Ascending ? RowKeys.TimelineAscendingPrefix(query.ContactId) : RowKeys.TimelineDescendingPrefix(query.ContactId);
        var conditions = new List<EntityCondition>();
        if (query.ActivityId is not null)
        {
            conditions.Add(EntityCondition.AnyOf("ActivityId", [query.ActivityId]));
        }

        if (query.ActivityTypes.Count > 0)
        {
            conditions.Add(EntityCondition.AnyOf("ActivityType", query.ActivityTypes));
        }

        var page = await ReadRangeAsync(companyId, prefix, "timeline", query.Limit, query.Cursor, cancellationToken, conditions).ConfigureAwait(false);
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

    private static bool IsRead(StoredActivity row, Dictionary<string, UserReadState> states) =>
        row.Resolve(row.UserId is { } userId ? states[userId] : null).Content.ReadAt is not null;

    /// <summary>
    /// Reads the read state of every owner not yet known, <see cref="ListingBudget.StateReadParallelism"/>
    /// at a time; with a budget, only as many as it has left (the rest stay unknown).
    /// </summary>
    private async Task LoadStatesAsync(string companyId, IEnumerable<string?> owners, Dictionary<string, UserReadState> states, ListingBudget? budget, CancellationToken cancellationToken)
    {
        var missing = owners.OfType<string>().Distinct(StringComparer.Ordinal).Where(userId => !states.ContainsKey(userId))
            .Take(budget?.StateReadsLeft ?? int.MaxValue).ToList();
        budget?.CountStateReads(missing.Count);
        foreach (var chunk in missing.Chunk(ListingBudget.StateReadParallelism))
        {
            var loaded = await Task.WhenAll(chunk.Select(userId => ReadUserStateAsync(companyId, userId, cancellationToken))).ConfigureAwait(false);
            foreach (var state in loaded)
            {
                states[state.UserId] = state;
            }
        }
    }
}
