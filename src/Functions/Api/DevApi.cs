using System.Security.Claims;
using System.Text.Json;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActivityService.Functions.Api;

/// <summary>Local-only helpers (contract §9). Mapped only in standalone mode, so elsewhere they are 404.</summary>
public static class DevApi
{
    public static IEndpointRouteBuilder MapDevTokens(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/dev/token", IssueToken).AllowAnonymous();
        return app;
    }

    /// <summary>Mints an HS256 token for <c>{"company_id","user_id","role"}</c>.</summary>
    public static async Task<IResult> IssueToken(HttpRequest request, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, allowMergePatch: false, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var companyId = Field(body, "company_id", CallerClaims.IsUsableId, errors);
        var userId = Field(body, "user_id", CallerClaims.IsUsableId, errors);
        var role = Field(body, "role", value => value is CallerClaims.Admin or CallerClaims.Staff, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([
                new Claim(CallerClaims.UserId, userId!),
                new Claim(CallerClaims.CompanyId, companyId!),
                new Claim(CallerClaims.Role, role!),
            ]),
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(settings.DevTokenMinutes),
            SigningCredentials = new SigningCredentials(AuthSetup.LocalSigningKey(settings), SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Json(new { token });
    }

    private static string? Field(JsonElement body, string name, Func<string, bool> isValid, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && isValid(value.GetString()!))
        {
            return value.GetString();
        }

        errors[name] = [name == "role" ? "Must be admin or staff." : "Required: 1-128 characters without control characters or / \\ # ?."];
        return null;
    }
}
