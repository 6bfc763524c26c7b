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

    /// <summary>The activity as the API shows it: read time resolved against the owner's read state.</summary>
    public Activity Resolve(UserReadState? owner) =>
        owner is null || UserId is null
            ? Activity
            : Activity with { Content = Activity.Content with { ReadAt = owner.EffectiveReadAt(this) } };
}
