using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;
using Azure;

namespace ActivityService.Core.Storage;

/// <summary>
/// A user's read bookkeeping, one row per user: the exact unread count, and a generation that
/// "mark all read" increments. An activity row remembers the generation in which its read state was
/// last set; a row from an older generation was created before the last mark-all-read and so is read.
/// That makes mark-all-read one write, whatever the number of activities, and every write that changes
/// a user's unread count updates this row under its ETag in the same transaction, so the count stays exact.
/// </summary>
internal sealed record UserReadState(string UserId, int UnreadCount, int Generation, DateTimeOffset? AllReadAt, ETag ETag)
{
    public bool Exists => ETag != default;

    /// <summary>The unseen count, mark-all-seen generation and preferences on the same row (contract §10).</summary>
    public InboxState Inbox { get; init; } = InboxState.Empty;

    public static UserReadState Missing(string userId) => new(userId, 0, 0, null, default);

    public static UserReadState FromEntity(string userId, TableEntity? entity) =>
        entity is null
            ? Missing(userId)
            : new UserReadState(
                userId,
                entity.GetInt32("UnreadCount") ?? 0,
                entity.GetInt32("Generation") ?? 0,
                entity.GetDateTime("AllReadAt"),
                entity.ETag) { Inbox = InboxState.FromEntity(entity) };

    public TableEntity ToEntity(string companyId)
    {
        var entity = new TableEntity(companyId, RowKeys.UserState(UserId))
        {
            ["Kind"] = "user",
            ["UnreadCount"] = UnreadCount,
            ["Generation"] = Generation,
            ["AllReadAt"] = AllReadAt,
        };
        Inbox.WriteTo(entity);
        return entity;
    }

    /// <summary>Adds this row's write to a transaction: insert if new, else replace under its ETag.</summary>
    public void WriteTo(TableTransaction transaction, string companyId)
    {
        if (Exists)
        {
            transaction.UpdateReplace(ToEntity(companyId), ETag);
        }
        else
        {
            transaction.Add(ToEntity(companyId));
        }
    }

    /// <summary>The read time an activity row has for this user, applying any later mark-all-read.</summary>
    public DateTimeOffset? EffectiveReadAt(StoredActivity row) =>
        row.ReadGeneration == Generation ? row.Activity.Content.ReadAt : row.Activity.Content.ReadAt ?? AllReadAt;
}
