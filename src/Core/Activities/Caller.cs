namespace ActivityService.Core.Activities;

public enum CallerRole
{
    Staff = 0,
    Admin = 1,
}

/// <summary>
/// The authenticated caller, from a validated token only. <see cref="CompanyId"/> is the tenant: every
/// read and write is scoped to it, so no request can reach another tenant's rows.
/// </summary>
public sealed record Caller(string CompanyId, string UserId, CallerRole Role)
{
    public bool IsAdmin => Role == CallerRole.Admin;
}
