using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// The seen half of a user's bookkeeping (contract §10), kept on the same row as <see cref="UserReadState"/> so
/// every write that already updates the unread count under the row's ETag updates the unseen count with it.
/// "Mark all seen" works like mark-all-read: it bumps <see cref="SeenGeneration"/>, and an activity row
/// whose seen state was set in an older generation counts as seen at <see cref="AllSeenAt"/> when it has
/// no seen time of its own. The user's preferences live here too, so a create reads them for free.
/// </summary>
internal sealed record InboxState(int UnseenCount, int SeenGeneration, DateTimeOffset? AllSeenAt, InboxPreferences Preferences)
{
    public static InboxState Empty { get; } = new(0, 0, null, InboxPreferences.Default);

    public static InboxState FromEntity(TableEntity? entity) =>
        entity is null
            ? Empty
            : new InboxState(
                entity.GetInt32("UnseenCount") ?? 0,
                entity.GetInt32("SeenGeneration") ?? 0,
                entity.GetDateTime("AllSeenAt"),
                InboxPreferences.FromJson(entity.GetString("Preferences")));

    public void WriteTo(TableEntity entity)
    {
        entity["UnseenCount"] = UnseenCount;
        entity["SeenGeneration"] = SeenGeneration;
        entity["AllSeenAt"] = AllSeenAt;
        entity["Preferences"] = Preferences == InboxPreferences.Default ? null : Preferences.ToJson();
    }

    /// <summary>The seen time of an activity row, applying any later mark-all-seen (not yet the read fallback).</summary>
    public DateTimeOffset? EffectiveSeenAt(StoredActivity row) =>
        row.SeenGeneration == SeenGeneration ? row.Activity.Content.SeenAt : row.Activity.Content.SeenAt ?? AllSeenAt;
}

/// <summary>The rules that tie read, seen and archived together, in one place.</summary>
internal static class InboxRules
{
    /// <summary>Reading an item also marks it seen.</summary>
    public static ActivityContent Normalize(ActivityContent content) =>
        content.SeenAt is null && content.ReadAt is not null ? content with { SeenAt = content.ReadAt } : content;

    /// <summary>A new activity as its owner receives it: a muted kind arrives seen.</summary>
    public static Activity Arrive(Activity created, UserReadState? owner)
    {
        var content = Normalize(created.Content);
        if (owner is not null && content.SeenAt is null && owner.Inbox.Preferences.Mutes(content))
        {
            content = content with { SeenAt = created.CreatedAt };
        }

        return created with { Content = content };
    }

    /// <summary>What an activity (as the API shows it) adds to its owner's (unread, unseen) counts.</summary>
    public static (int Unread, int Unseen) Contribution(Activity? resolved) =>
        resolved is null || resolved.Content.UserId is null || resolved.Content.ArchivedAt is not null
            ? (0, 0)
            : (resolved.Content.ReadAt is null ? 1 : 0, resolved.Content.SeenAt is null ? 1 : 0);

    /// <summary>Whether an edit touches the inbox fields, so the owner's row must be written with it.</summary>
    public static bool Changed(ActivityContent before, ActivityContent after) =>
        before.ReadAt != after.ReadAt || before.SeenAt != after.SeenAt || before.ArchivedAt != after.ArchivedAt;
}
