using ActivityService.Core.History;

namespace ActivityService.Core.Activities;

/// <summary>
/// Persistence of activities with their feeds, history and read state. Every write is atomic: the
/// activity, its feed entries, its history entry and the read counters change together or not at all.
/// All calls are scoped to one tenant by <c>companyId</c>.
/// </summary>
public partial interface IActivityStore
{
    Task<CreateOutcome> CreateAsync(string companyId, NewActivity activity, CancellationToken cancellationToken = default);

    /// <summary>The activity, or null when missing; with <paramref name="ownerUserId"/>, also null when another user owns it.</summary>
    Task<Activity?> GetAsync(string companyId, string id, string? ownerUserId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads the activity, asks <paramref name="edit"/> for its new content, and stores it if the version
    /// still matches. A concurrent writer makes the store reload and ask again, so <paramref name="edit"/>
    /// must be a pure function of the activity it is given.
    /// </summary>
    Task<UpdateOutcome> UpdateAsync(string companyId, string id, ActivityEdit edit, ChangeContext context, CancellationToken cancellationToken = default);

    Task<DeleteOutcome> DeleteAsync(string companyId, string id, ActivityPrecondition precondition, ChangeContext context, CancellationToken cancellationToken = default);

    Task<ListOutcome<Activity>> ListAsync(string companyId, FeedQuery query, CancellationToken cancellationToken = default);

    Task<int> GetUnreadCountAsync(string companyId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Marks every activity of the user created up to now as read; returns the new unread count.</summary>
    Task<int> MarkAllReadAsync(string companyId, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The history of an activity, live or deleted, oldest first. Not found when the tenant never had it,
    /// or, with <paramref name="ownerUserId"/>, when it belongs (or belonged, if deleted) to another user.
    /// </summary>
    Task<ListOutcome<HistoryEntry>> GetHistoryAsync(string companyId, string activityId, string? ownerUserId, int limit, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>A contact's timeline: history entries of activities linked to it, oldest first unless asked otherwise.</summary>
    Task<ListOutcome<HistoryEntry>> GetTimelineAsync(string companyId, TimelineQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The history entries of the activities linked to a contact (contract §7).</summary>
public sealed record TimelineQuery(string ContactId, IReadOnlyList<string> ActivityTypes, string? ActivityId, SortOrder Sort, int Limit, string? Cursor);

/// <summary>A create request: content already validated, plus an optional idempotency key scoped to the caller.</summary>
public sealed record NewActivity(ActivityContent Content, ChangeContext Context, IdempotencyKey? Idempotency = null);

/// <summary>An <c>Idempotency-Key</c> with a fingerprint of the request it came with.</summary>
public sealed record IdempotencyKey(string Scope, string Key, string RequestHash);

/// <summary>Which activity may be changed: by owner (user-scoped routes) and version (<c>If-Match</c>).</summary>
public sealed record ActivityPrecondition(string? OwnerUserId = null, long? Version = null)
{
    public static readonly ActivityPrecondition None = new();
}

/// <summary>Computes new content from the current activity, or rejects the change with field errors.</summary>
public sealed record ActivityEdit(ActivityPrecondition Precondition, Func<Activity, EditResult> Apply);

public sealed record EditResult(ActivityContent? Content, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static EditResult Accept(ActivityContent content) => new(content, null);

    public static EditResult Reject(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}

public enum WriteStatus
{
    Done = 0,
    NotFound = 1,
    VersionMismatch = 2,
    Invalid = 3,
    IdempotencyConflict = 4,
    Replayed = 5,

    /// <summary>Another live activity of the tenant holds the external id (contract §5).</summary>
    ExternalIdConflict = 6,
}

public sealed record CreateOutcome(WriteStatus Status, Activity? Activity, IReadOnlyDictionary<string, string[]>? Errors = null);

public sealed record UpdateOutcome(WriteStatus Status, Activity? Activity, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>The outcome of a delete; <see cref="Activity"/> is the activity as it was, for live updates.</summary>
public sealed record DeleteOutcome(WriteStatus Status, Activity? Activity = null);

/// <summary>A page, or why there is none: a cursor that does not fit the query, or nothing to list.</summary>
public sealed record ListOutcome<T>(FeedPage<T>? Page, string? CursorError = null, bool NotFound = false)
{
    public static ListOutcome<T> Missing { get; } = new(null, null, true);

    public static ListOutcome<T> BadCursor(string error) => new(null, error);
}
