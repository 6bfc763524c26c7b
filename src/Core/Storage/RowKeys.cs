using ActivityService.Core.Activities;

namespace ActivityService.Core.Storage;

/// <summary>
/// The row layout of a tenant's partition (PartitionKey = company id). Each kind of row has its own
/// prefix, so one range query reads one kind, in order:
/// <list type="bullet">
/// <item><c>a|{id}</c> the activity itself; also the company feed, oldest first.</item>
/// <item><c>c|{inverted id}</c> company feed copy, newest first.</item>
/// <item><c>u|{user}|{id}</c> and <c>v|{user}|{inverted id}</c> the user's feed copies, oldest / newest first.</item>
/// <item><c>v|{user}|!</c> the user's read state (unread count, read generation). It sorts just before the
///   user's newest-first feed, so the first page of that feed reads it in the same query.</item>
/// <item><c>x|{id}</c> tombstone of a deleted activity (owner, for history access).</item>
/// <item><c>h|{activity id}|{history id}</c> history; <c>t|{contact}|{history id}</c> and
///   <c>w|{contact}|{inverted history id}</c> the contact timeline, oldest / newest first.</item>
/// <item><c>i|{caller}|{key}</c> idempotency keys of creates.</item>
/// <item><c>e|{external id}</c> the activity an event producer's id maps to, its deleted flag and field clock.</item>
/// <item><c>m|{message id}</c> inbox markers of processed queue messages.</item>
/// <item><c>r|{inverted id}</c> rejected (poison) events, newest first.</item>
/// </list>
/// Caller-supplied ids are escaped with <see cref="KeyEncoding"/>; <c>~</c> sorts after every character they use.
/// </summary>
public static class RowKeys
{
    public const string End = "~";

    public static string Activity(string id) => "a|" + id;

    public const string ActivitiesPrefix = "a|";

    public static string CompanyDescending(string id) => CompanyDescendingPrefix + ActivityIds.Invert(id);

    public const string CompanyDescendingPrefix = "c|";

    public static string UserAscendingPrefix(string userId) => "u|" + KeyEncoding.Escape(userId) + "|";

    public static string UserDescendingPrefix(string userId) => "v|" + KeyEncoding.Escape(userId) + "|";

    public static string UserAscending(string userId, string id) => UserAscendingPrefix(userId) + id;

    public static string UserDescending(string userId, string id) => UserDescendingPrefix(userId) + ActivityIds.Invert(id);

    /// <summary><c>!</c> sorts before every id character, so this row heads the user's newest-first feed.</summary>
    public static string UserState(string userId) => UserDescendingPrefix(userId) + "!";

    public static string Tombstone(string id) => "x|" + id;

    public static string HistoryPrefix(string activityId) => "h|" + activityId + "|";

    public static string History(string activityId, string historyId) => HistoryPrefix(activityId) + historyId;

    public static string TimelineAscendingPrefix(string contactId) => "t|" + KeyEncoding.Escape(contactId) + "|";

    public static string TimelineDescendingPrefix(string contactId) => "w|" + KeyEncoding.Escape(contactId) + "|";

    /// <summary>
    /// <c>i|{scope}|{key}</c>, escaped; when that would pass Azure's 512-character key limit (a 255-character
    /// key of punctuation escapes to 765), <c>i|~h{SHA-256 of the escaped tail}</c>: an escaped id never
    /// starts with <c>~h</c> (escapes are <c>~</c> and two upper-case hex digits), so the forms cannot collide.
    /// </summary>
    public static string Idempotency(string scope, string key)
    {
        var tail = KeyEncoding.Escape(scope) + "|" + KeyEncoding.Escape(key);
        return tail.Length <= MaxKeyLength - 2
            ? "i|" + tail
            : "i|~h" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tail)));
    }

    /// <summary>Azure's key limit: 1 KiB as UTF-16.</summary>
    public const int MaxKeyLength = 512;

    public static string External(string externalId) => "e|" + KeyEncoding.Escape(externalId);

    public static string InboxMarker(string messageId) => "m|" + KeyEncoding.Escape(messageId);

    public const string RejectedPrefix = "r|";

    public static string Rejected(string id) => RejectedPrefix + ActivityIds.Invert(id);
}
