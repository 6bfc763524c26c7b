using System.Text.Json.Nodes;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Realtime;

/// <summary>
/// Turns activity changes into the messages of contract §8: the owner and the tenant's admins hear of every
/// change; the owner also gets their new unread count, on all their connections.
/// </summary>
public static class RealtimeMessages
{
    public static IEnumerable<RealtimeMessage> For(ActivityChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var activity = change.Activity;
        var (target, argument) = change.Kind switch
        {
            ActivityChangeKind.Created => (RealtimeNames.ActivityCreated, (JsonNode)ActivityJson.ToJsonObject(activity)),
            ActivityChangeKind.Updated => (RealtimeNames.ActivityUpdated, ActivityJson.ToJsonObject(activity)),
            _ => (RealtimeNames.ActivityDeleted, new JsonObject { ["id"] = activity.Id }),
        };

        foreach (var audience in Audiences(activity))
        {
            yield return new RealtimeMessage(target, [argument.DeepClone()], audience);
        }

        // Reassigned: for its previous owner the activity is gone from their feed.
        if (change.PreviousUserId is { } previous && previous != activity.Content.UserId)
        {
            yield return new RealtimeMessage(RealtimeNames.ActivityDeleted, [new JsonObject { ["id"] = activity.Id }], new RealtimeAudience.User(activity.CompanyId, previous));
        }
    }

    /// <summary>The user's badge numbers (contract §10): <c>{"unread_count", "unseen_count"}</c>.</summary>
    public static RealtimeMessage UnreadCount(string companyId, string userId, InboxCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new(RealtimeNames.UnreadCount, [new JsonObject { ["unread_count"] = counts.UnreadCount, ["unseen_count"] = counts.UnseenCount }], new RealtimeAudience.User(companyId, userId));
    }

    private static IEnumerable<RealtimeAudience> Audiences(Activity activity)
    {
        if (activity.Content.UserId is { } userId)
        {
            yield return new RealtimeAudience.User(activity.CompanyId, userId);
        }

        yield return new RealtimeAudience.CompanyAdmins(activity.CompanyId);
    }
}
