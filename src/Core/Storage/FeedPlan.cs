using ActivityService.Core.Activities;

namespace ActivityService.Core.Storage;

/// <summary>
/// Which index serves a listing and the <c>$filter</c> that reads it. A listing for one user reads that
/// user's feed copies; otherwise the company's. Created-at bounds become row-key bounds (ids are
/// time-ordered), so a date range costs only the rows inside it; other filters are evaluated by the service.
/// </summary>
internal sealed record FeedPlan(FeedQuery Query, string Prefix, string? UserId, string? StateRowKey, string Fingerprint)
{
    public static FeedPlan For(FeedQuery query)
    {
        var descending = query.Sort == SortOrder.Descending;
        var (prefix, state) = query.UserId is { } userId
            ? descending ? (RowKeys.UserDescendingPrefix(userId), RowKeys.UserState(userId)) : (RowKeys.UserAscendingPrefix(userId), null)
            : descending ? (RowKeys.CompanyDescendingPrefix, null) : (RowKeys.ActivitiesPrefix, (string?)null);
        var fingerprint = FeedCursor.Fingerprint(
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
            query.CreatedTo?.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
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
    public string Filter(string companyId, string? after, bool includeState, UserReadState? readState)
    {
        var (lower, lowerInclusive, upper, upperInclusive) = Bounds();
        if (after is not null && string.CompareOrdinal(after, lower) >= 0)
        {
            (lower, lowerInclusive) = (after, false);
        }

        var fields = ODataFilter.And([
            Optional("ContactId", Query.ContactId),
            Optional("VisitorId", Query.VisitorId),
            Optional("CustomerId", Query.CustomerId),
            Optional("RelationType", Query.RelationType),
            Optional("RelationId", Query.RelationId),
            ODataFilter.AnyOf("ActivityType", Query.ActivityTypes),
            ODataFilter.AnyOf("MessageType", Query.MessageTypes),
            ODataFilter.AnyOf("Direction", Query.Directions),
            ODataFilter.AnyOf("Status", Query.Statuses),
            ReadClause(readState),
        ]);

        if (includeState)
        {
            (lower, lowerInclusive) = (StateRowKey!, true);
            if (fields.Length > 0)
            {
                fields = $"({ODataFilter.Equal("RowKey", StateRowKey!)} or ({fields}))";
            }
        }

        return ODataFilter.And([
            ODataFilter.Equal("PartitionKey", companyId),
            ODataFilter.Compare("RowKey", lowerInclusive ? "ge" : "gt", lower),
            ODataFilter.Compare("RowKey", upperInclusive ? "le" : "lt", upper),
            fields.Length > 0 ? fields : null,
        ]);
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
    private string? ReadClause(UserReadState? state) => (Query.Read, state) switch
    {
        (null, _) or (_, null) => null,
        (true, { } s) => $"({ODataFilter.NotEqual("ReadGeneration", s.Generation)} or {ODataFilter.Equal("IsRead", true)})",
        (false, { } s) => $"({ODataFilter.Equal("ReadGeneration", s.Generation)} and {ODataFilter.Equal("IsRead", false)})",
    };

    private static string? Optional(string property, string? value) => value is null ? null : ODataFilter.Equal(property, value);
}
