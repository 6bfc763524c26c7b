using System.Text.Json.Nodes;

namespace ActivityService.Core.Realtime;

/// <summary>Who receives a realtime message (spec §8).</summary>
public abstract record RealtimeAudience
{
    private RealtimeAudience()
    {
    }

    /// <summary>Every connection of one user of one tenant.</summary>
    public sealed record User(string CompanyId, string UserId) : RealtimeAudience;

    /// <summary>Every connection of the tenant's admins.</summary>
    public sealed record CompanyAdmins(string CompanyId) : RealtimeAudience;
}

/// <summary>
/// A message for connected browsers, neutral about transport: the local hub and the Azure SignalR
/// output binding both render it. <see cref="Arguments"/> are the JSON arguments of the target.
/// </summary>
public sealed record RealtimeMessage(string Target, IReadOnlyList<JsonNode> Arguments, RealtimeAudience Audience);

/// <summary>The names realtime identities and groups have on the wire, shared by every transport.</summary>
public static class RealtimeNames
{
    public const string Hub = "activities";
    public const string ActivityCreated = "activityCreated";
    public const string ActivityUpdated = "activityUpdated";
    public const string ActivityDeleted = "activityDeleted";
    public const string UnreadCount = "unreadCount";

    /// <summary>Tenant-qualified, so equal user ids in two tenants never share messages.</summary>
    public static string UserId(string companyId, string userId) => companyId + ":" + userId;

    public static string AdminsGroup(string companyId) => "admins:" + companyId;
}
