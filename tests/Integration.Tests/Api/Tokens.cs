using System.Security.Claims;
using System.Text;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Bearer tokens minted by the test itself, valid or broken in one chosen way.</summary>
public static class Tokens
{
    public const string Issuer = "activity-service-local";
    public const string Audience = "activity-service";

    public static readonly SymmetricSecurityKey ServerKey = new(Encoding.UTF8.GetBytes(AppServer.SigningKey));

    public static readonly SymmetricSecurityKey OtherKey = new(Encoding.UTF8.GetBytes("another-signing-key-that-is-at-least-32-bytes"));

    /// <summary>The claims a valid token carries; tests remove or change one.</summary>
    public static Dictionary<string, object> Claims(string companyId, string userId = "u1", string role = "admin") =>
        new(StringComparer.Ordinal) { ["sub"] = userId, ["company_id"] = companyId, ["role"] = role };

    public static string Mint(
        IDictionary<string, object> claims,
        SymmetricSecurityKey? key = null,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null)
    {
        var now = DateTime.UtcNow;
        var start = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(),
            Claims = claims,
            Issuer = issuer,
            Audience = audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = expires ?? now.AddMinutes(30),
            SigningCredentials = new SigningCredentials(key ?? ServerKey, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string Unsigned(string companyId)
    {
        static string Segment(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var expires = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        var payload = $$"""{"sub":"u1","company_id":"{{companyId}}","role":"admin","iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{expires}}}""";
        return Segment("""{"alg":"none","typ":"JWT"}""") + "." + Segment(payload) + ".";
    }

    /// <summary>A token with exactly this header and payload JSON, signed with the server's key.</summary>
    public static string SignRaw(string payloadJson, string headerJson = """{"alg":"HS256","typ":"JWT"}""")
    {
        static string Segment(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var signed = Segment(headerJson) + "." + Segment(payloadJson);
        using var hmac = new System.Security.Cryptography.HMACSHA256(ServerKey.Key);
        return signed + "." + Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>
    /// A payload with valid registered claims after <paramref name="callerMembers"/>: JSON members without
    /// braces, written with single quotes for readability (each becomes a double quote).
    /// </summary>
    public static string Payload(string callerMembers)
    {
        ArgumentNullException.ThrowIfNull(callerMembers);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $$"""{{{callerMembers.Replace('\'', '"')}},"iss":"{{Issuer}}","aud":"{{Audience}}","nbf":{{now - 60}},"iat":{{now - 60}},"exp":{{now + 1800}}}""";
    }

    public static HttpClient Client(ApiFixture api, string token)
    {
        ArgumentNullException.ThrowIfNull(api);
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
