using System.Security.Claims;
using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Functions.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActivityService.Functions.Auth;

/// <summary>
/// JWT bearer authentication per contract §2: a token must validate (signature, issuer, audience, lifetime
/// within the configured skew) and carry <c>sub</c>, <c>company_id</c> and <c>role</c>; otherwise 401.
/// Authorization then distinguishes any caller from admins (403 for staff on company routes).
/// </summary>
public static class AuthSetup
{
    public const string CallerPolicy = "caller";
    public const string AdminPolicy = "admin";

    /// <summary>Where the realtime hub listens (its negotiate endpoint is below it).</summary>
    public const string HubPath = "/api";

    public static IServiceCollection AddCallerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = ValidationParameters(options);
                if (options.Authority is { Length: > 0 } authority)
                {
                    jwt.Authority = authority;
                }

                jwt.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket or server-sent-events requests, so the hub
                    // (and only the hub) also takes the token from the access_token query parameter.
                    OnMessageReceived = context =>
                    {
                        var path = context.HttpContext.Request.Path;
                        if ((path.Equals(HubPath, StringComparison.Ordinal) || path.Equals(HubPath + "/negotiate", StringComparison.Ordinal))
                            && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        if (context.SecurityToken is not JsonWebToken token)
                        {
                            context.Fail("The token is not a JSON web token.");
                        }
                        else if (SingleStringClaims.Violation(token.EncodedPayload) is { } violation)
                        {
                            context.Fail(violation);
                        }
                        else if (CallerClaims.From(context.Principal!) is null)
                        {
                            context.Fail("The token lacks a usable sub, company_id or role claim.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                        await Problems.Unauthorized().ExecuteAsync(context.HttpContext).ConfigureAwait(false);
                    },
                    OnForbidden = context => Problems.Forbidden().ExecuteAsync(context.HttpContext),
                };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireAssertion(context => CallerClaims.From(context.User)?.IsAdmin == true));
        return services;
    }

    /// <summary>The caller of an authorized request (the policies guarantee the claims are there).</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) =>
        CallerClaims.From(user) ?? throw new InvalidOperationException("The endpoint was reached without a validated caller.");

    public static TokenValidationParameters ValidationParameters(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(options.ClockSkewSeconds),
            NameClaimType = CallerClaims.UserId,
            RoleClaimType = CallerClaims.Role,
            RequireSignedTokens = true,
            // The JOSE "typ" header, when present, must say JWT (access tokens may say at+jwt).
            ValidTypes = ["JWT", "at+jwt"],
            // Asymmetric algorithms only for the identity provider's keys, HS256 only for the local key.
            ValidAlgorithms = string.IsNullOrEmpty(options.Authority) ? [SecurityAlgorithms.HmacSha256] : AuthorityAlgorithms(options),
        };
        if (string.IsNullOrEmpty(options.Authority))
        {
            parameters.IssuerSigningKey = LocalSigningKey(options);
        }

        return parameters;
    }

    /// <summary>The allow-list for Authority mode; symmetric algorithms and <c>none</c> are refused at start.</summary>
    private static string[] AuthorityAlgorithms(AuthOptions options)
    {
        var configured = (options.AuthorityAlgorithms ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string[] algorithms = configured.Length > 0 ? configured : [SecurityAlgorithms.RsaSha256];
        return algorithms.All(a => a.Length > 2 && (a.StartsWith("RS", StringComparison.Ordinal) || a.StartsWith("PS", StringComparison.Ordinal) || a.StartsWith("ES", StringComparison.Ordinal)))
            ? algorithms
            : throw new InvalidOperationException("Auth:AuthorityAlgorithms may only name asymmetric algorithms (RS*, PS*, ES*).");
    }

    public static SymmetricSecurityKey LocalSigningKey(AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = Encoding.UTF8.GetBytes(options.SigningKey ?? "");
        return key.Length >= 32
            ? new SymmetricSecurityKey(key)
            : throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes when Auth:Authority is not set.");
    }
}
