namespace ActivityService.Functions.Auth;

/// <summary>
/// Section <c>Auth</c>. Locally tokens are HS256 with <see cref="SigningKey"/>; in Azure they are
/// validated against the identity provider's OpenID metadata at <see cref="Authority"/>.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string LocalIssuer = "activity-service-local";
    public const string LocalAudience = "activity-service";

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Used when <see cref="Authority"/> is not set.</summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect authority (issuer base URL) whose metadata lists the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Signature algorithms accepted from the <see cref="Authority"/>'s keys (asymmetric only).
    /// Comma-separated; empty means RS256 (what Microsoft Entra ID signs with).</summary>
    public string? AuthorityAlgorithms { get; set; }

    public string Issuer { get; set; } = LocalIssuer;

    public string Audience { get; set; } = LocalAudience;

    /// <summary>Tolerance for clock differences between token issuer and this app.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Lifetime of tokens minted by the local-only dev endpoint.</summary>
    public int DevTokenMinutes { get; set; } = 12 * 60;
}
