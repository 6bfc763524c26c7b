using System.Security.Claims;
using ActivityService.Core.Activities;

namespace ActivityService.Functions.Auth;

/// <summary>The three claims of contract §2 and how a validated principal becomes a <see cref="Caller"/>.</summary>
public static class CallerClaims
{
    public const string UserId = "sub";
    public const string CompanyId = "company_id";
    public const string Role = "role";
    public const string Admin = "admin";
    public const string Staff = "staff";

    /// <summary>The caller, or null when a claim is missing or unusable (the request is then 401).</summary>
    public static Caller? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var userId = Single(principal, UserId);
        var companyId = Single(principal, CompanyId);
        var role = Single(principal, Role) switch
        {
            Admin => CallerRole.Admin,
            Staff => CallerRole.Staff,
            _ => (CallerRole?)null,
        };
        return IsUsableId(userId) && IsUsableId(companyId) && role is not null
            ? new Caller(companyId!, userId!, role.Value)
            : null;
    }

    /// <summary>The claim's value when the principal has exactly one claim of that type (an array gives several).</summary>
    private static string? Single(ClaimsPrincipal principal, string type)
    {
        string? value = null;
        foreach (var claim in principal.FindAll(type))
        {
            if (value is not null)
            {
                return null;
            }

            value = claim.Value;
        }

        return value;
    }

    /// <summary>The identifier rule of contract §3.1; a company id becomes a storage partition key.</summary>
    public static bool IsUsableId(string? value) => ActivityRules.IsIdentifier(value);
}
