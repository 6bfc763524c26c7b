using ActivityService.Core.Activities;

namespace ActivityService.Core.Storage;

/// <summary>
/// Which index serves a listing and the <c>$filter</c> that reads it. A listing for one user reads that
/// user's feed copies; otherwise the company's. Created-at bounds become row-key bounds (ids are
/// time-ordered), so a date range costs only the rows inside it. Field filters go into the <c>$filter</c>
/// while Azure's 15 comparisons allow; the rest are evaluated by the service on the rows that come back.
/// </summary>
internal sealed record FeedPlan(FeedQuery Query, string Prefix, string? UserId, string? StateRowKey, string Fingerprint)
{
    /// <summary>PartitionKey eq, RowKey lower bound, RowKey upper bound.</summary>
    private const int RangeComparisons = 3;

    public static FeedPlan For(string companyId, FeedQuery query)
    {
        var descending = query.Sort == SortOrder.Descending;
        var (prefix, state) = query.UserId is { } userId
            ? descending ? (RowKeys.UserDescendingPrefix(userId), RowKeys.UserState(userId)) : (RowKeys.UserAscendingPrefix(userId), null)
            : descending ? (RowKeys.CompanyDescendingPrefix, null) : (RowKeys.ActivitiesPrefix, (string?)null);
        // The cursor is bound to the tenant, the caller scope (company or own feed, and whose), the index,
        // the filters and the sort: any other listing refuses it.
        var fingerprint = FeedCursor.Fingerprint(
            companyId,
            query.Scope,
            prefix,
            query.ContactId,
            query.VisitorId,
            query.CustomerId,
            query.RelationType,
            query.RelationId,
            string.Join(',', query.ActivityTypes),
            string.Join(',', query.MessageTypes),
            string.Join(',', query.Directions),
            string.Join(',', query.Statuses),
            query.Read?.ToString(),
            query.Seen?.ToString(),
            query.Archived.ToString(),
            query.CreatedFrom?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            query.CreatedTo?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            query.ExternalId);
        return new FeedPlan(query, prefix, query.UserId, state, fingerprint);
    }

    /// <summary>
    /// Whether the query can return the user's read-state row too: only a newest-first user feed read
    /// from its head (no cursor, no created_to bound), and not when the read filter needs the state first.
    /// </summary>
    public bool ReadsStateInline(string? after) =>
        StateRowKey is not null && after is null && Query.CreatedTo is null && Query.Read is null && Query.Seen is null;

    /// <param name="after">Row key of the last item already served, from the cursor.</param>
    /// <param name="includeState">Also return the user's read-state row, which sorts first in the range.</param>
    /// <param name="readState">The user's read state, needed when filtering a single-user feed by read.</param>
    /// <returns>The <c>$filter</c> (at most 15 comparisons) and the conditions the service evaluates itself.</returns>
    public (string Filter, IReadOnlyList<EntityCondition> InService) Filter(string companyId, string? after, bool includeState, UserReadState? readState)
    {
        var (lower, lowerInclusive, upper, upperInclusive) = Bounds();
        if (after is not null && string.CompareOrdinal(after, lower) >= 0)
        {
            (lower, lowerInclusive) = (after, false);
        }

        // Most selective first: they go to storage while comparisons remain, so fewer rows come back.
        var room = ListingBudget.MaxFilterComparisons - RangeComparisons - (includeState ? 1 : 0);
        var inStorage = new List<string>();
        var inService = new List<EntityCondition>();
        foreach (var condition in Conditions(readState))
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

        var fields = ODataFilter.And(inStorage);

        if (includeState)
        {
            (lower, lowerInclusive) = (StateRowKey!, true);
            if (fields.Length > 0)
            {
                fields = $"({ODataFilter.Equal("RowKey", StateRowKey!)} or ({fields}))";
            }
        }

        var filter = ODataFilter.And([
            ODataFilter.Equal("PartitionKey", companyId),
            ODataFilter.Compare("RowKey", lowerInclusive ? "ge" : "gt", lower),
            ODataFilter.Compare("RowKey", upperInclusive ? "le" : "lt", upper),
            fields.Length > 0 ? fields : null,
        ]);
        return (filter, inService);
    }

    private IEnumerable<EntityCondition> Conditions(UserReadState? readState)
    {
        foreach (var (property, value) in new[]
        {
            ("ExternalId", Query.ExternalId), ("ContactId", Query.ContactId), ("VisitorId", Query.VisitorId), ("CustomerId", Query.CustomerId),
            ("RelationId", Query.RelationId), ("RelationType", Query.RelationType),
        })
        {
            if (value is not null)
            {
                yield return EntityCondition.AnyOf(property, [value]);
            }
        }

        if (ReadCondition(readState) is { } read)
        {
            yield return read;
        }

        foreach (var (property, values) in new[]
        {
            ("Direction", Query.Directions), ("Status", Query.Statuses), ("MessageType", Query.MessageTypes), ("ActivityType", Query.ActivityTypes),
        })
        {
            if (values.Count > 0)
            {
                yield return EntityCondition.AnyOf(property, values);
            }
        }
    }

    private (string Lower, bool LowerInclusive, string Upper, bool UpperInclusive) Bounds()
    {
        if (Query.Sort == SortOrder.Ascending)
        {
            return (
                Prefix + (Query.CreatedFrom is { } from ? ActivityIds.LowerBound(from) : ""), true,
                Query.CreatedTo is { } to ? Prefix + ActivityIds.LowerBound(to) : Prefix + RowKeys.End, false);
        }

        // Newest first: keys hold inverted ids, so the created_to bound is the lower key and excludes
        // its millisecond, and created_from is the upper key and includes its millisecond.
        return (
            Query.CreatedTo is { } before ? Prefix + ActivityIds.Invert(ActivityIds.LowerBound(before)) : StateRowKey ?? Prefix, false,
            Query.CreatedFrom is { } since ? Prefix + ActivityIds.Invert(ActivityIds.LowerBound(since)) : Prefix + RowKeys.End, Query.CreatedFrom is not null);
    }

    /// <summary>
    /// Read means: set read in the current generation, or any older generation (a later mark-all-read
    /// covered it). Only used for single-user feeds, where one generation applies to every row.
    /// </summary>
    private EntityCondition? ReadCondition(UserReadState? state) => (Query.Read, state) switch
    {
        (null, _) or (_, null) => null,
        (true, { } s) => new EntityCondition(
            $"({ODataFilter.NotEqual("ReadGeneration", s.Generation)} or {ODataFilter.Equal("IsRead", true)})",
            2,
            entity => entity.GetInt32("ReadGeneration") != s.Generation || entity.GetBoolean("IsRead") == true),
        (false, { } s) => new EntityCondition(
            $"({ODataFilter.Equal("ReadGeneration", s.Generation)} and {ODataFilter.Equal("IsRead", false)})",
            2,
            entity => entity.GetInt32("ReadGeneration") == s.Generation && entity.GetBoolean("IsRead") == false),
    };
}
