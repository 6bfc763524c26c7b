using ActivityService.Core.Activities;
using Azure;

namespace ActivityService.Core.Storage;

/// <summary>
/// An activity row as stored: the activity with its explicitly set read time, the read generation it
/// was set in (see <see cref="UserReadState"/>), and the row's ETag.
/// </summary>
internal sealed record StoredActivity(Activity Activity, int ReadGeneration, ETag ETag)
{
    public string? UserId => Activity.Content.UserId;

    /// <summary>The mark-all-seen generation the row's seen time was set in (see <see cref="InboxState"/>).</summary>
    public int SeenGeneration { get; init; }

    /// <summary>
    /// The activity as the API shows it: read and seen times resolved against the owner's read state
    /// (a read activity is seen).
    /// </summary>
    public Activity Resolve(UserReadState? owner) =>
        owner is null || UserId is null
            ? Activity with { Content = InboxRules.Normalize(Activity.Content) }
            : Activity with
            {
                Content = InboxRules.Normalize(Activity.Content with { ReadAt = owner.EffectiveReadAt(this), SeenAt = owner.Inbox.EffectiveSeenAt(this) }),
            };
}
