using System.Text.Json.Nodes;

namespace ActivityService.Core.Realtime;

/// <summary>Who receives a realtime message (contract §8).</summary>
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

    /// <summary>
    /// Tenant-qualified and injective: both parts are percent-escaped (<c>%</c> and <c>:</c>) before they
    /// are joined with <c>:</c>, so the result holds exactly one unescaped <c>:</c> and no two different
    /// (company, user) pairs share a realtime user id, whatever characters the ids contain (tenant
    /// <c>x</c> user <c>a:b</c> is <c>x:a%3Ab</c>; tenant <c>x:a</c> user <c>b</c> is <c>x%3Aa:b</c>).
    /// The in-process hub, the SignalR output messages and the negotiate check all use this one function.
    /// </summary>
    public static string UserId(string companyId, string userId)
    {
        ArgumentNullException.ThrowIfNull(companyId);
        ArgumentNullException.ThrowIfNull(userId);
        return Escape(companyId) + ":" + Escape(userId);
    }

    /// <summary>The admins group of one tenant, escaped like <see cref="UserId"/>.</summary>
    public static string AdminsGroup(string companyId)
    {
        ArgumentNullException.ThrowIfNull(companyId);
        return "admins:" + Escape(companyId);
    }

    private static string Escape(string part) =>
        part.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal);
}
