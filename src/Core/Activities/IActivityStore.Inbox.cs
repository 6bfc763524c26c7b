using ActivityService.Core.History;

namespace ActivityService.Core.Activities;

/// <summary>The owner's inbox states (contract §10): counts, mark-seen, bulk updates and preferences.</summary>
public partial interface IActivityStore
{
    /// <summary>The user's exact unread and unseen counts, with their preferences (all on one row: one read).</summary>
    Task<InboxCounts> GetInboxCountsAsync(string companyId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Marks every activity of the user created up to now as seen: one write, whatever the number of activities.</summary>
    Task<InboxCounts> MarkAllSeenAsync(string companyId, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="apply"/> to each of the user's activities named in <paramref name="ids"/> (distinct),
    /// each at most once, with an optional version per id. Counts stay exact; the work is bounded by the number of ids.
    /// </summary>
    Task<BulkOutcome> BulkUpdateAsync(string companyId, string userId, IReadOnlyList<string> ids, IReadOnlyDictionary<string, long> versions, Func<Activity, EditResult> apply, ChangeContext context, CancellationToken cancellationToken = default);

    Task<InboxPreferences> GetPreferencesAsync(string companyId, string userId, CancellationToken cancellationToken = default);

    Task<InboxPreferences> SetPreferencesAsync(string companyId, string userId, InboxPreferences preferences, CancellationToken cancellationToken = default);
}

/// <summary>A user's badge numbers (contract §10): unread per item, unseen for the badge; archived activities count in neither.</summary>
public sealed record InboxCounts(int UnreadCount, int UnseenCount, InboxPreferences Preferences);

/// <summary>The outcome for one id of a bulk request: 200, 404 or 412, and the version after it.</summary>
public sealed record BulkItemResult(string Id, WriteStatus Status, long? Version);

/// <summary>Per-item results in request order, and the changes to publish live.</summary>
public sealed record BulkOutcome(IReadOnlyList<BulkItemResult> Results, IReadOnlyList<ActivityChange> Changes);
