namespace ActivityService.Core.Activities;

public enum SortOrder
{
    Descending = 0,
    Ascending = 1,
}

/// <summary>
/// A validated listing request (contract §4). List filters match any of their values (OR), different
/// filters all must match (AND). <see cref="UserId"/> is the caller for <c>/me</c> listings.
/// </summary>
public sealed record FeedQuery
{
    public string? UserId { get; init; }
    public string? ExternalId { get; init; }
    public string? ContactId { get; init; }
    public string? VisitorId { get; init; }
    public string? CustomerId { get; init; }
    public string? RelationType { get; init; }
    public string? RelationId { get; init; }
    public IReadOnlyList<string> ActivityTypes { get; init; } = [];
    public IReadOnlyList<string> MessageTypes { get; init; } = [];
    public IReadOnlyList<string> Directions { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public bool? Read { get; init; }
    public bool? Seen { get; init; }

    /// <summary>Whether archived activities are listed (contract §10); <c>/me</c> listings leave them out by default.</summary>
    public ArchivedFilter Archived { get; init; } = ArchivedFilter.Include;
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public SortOrder Sort { get; init; }
    public int Limit { get; init; } = 25;

    /// <summary>The <c>next_cursor</c> of the previous page, or null for the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>
    /// The caller scope a cursor is bound to (contract §4): <c>company</c> for an admin's company listing, or
    /// <c>own</c> for a user's own feed. With the tenant and the filters it forms the cursor's fingerprint.
    /// </summary>
    public string Scope { get; init; } = "company";
}

/// <summary>The <c>archived</c> listing parameter: leave archived activities out, include them, or list only them.</summary>
public enum ArchivedFilter
{
    Include = 0,
    Exclude = 1,
    Only = 2,
}

/// <summary>One page of a listing; <see cref="NextCursor"/> is null exactly when nothing further matches.</summary>
public sealed record FeedPage<T>(IReadOnlyList<T> Items, string? NextCursor);
