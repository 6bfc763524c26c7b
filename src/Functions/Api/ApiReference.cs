using System.Net;
using Scalar.AspNetCore;

namespace ActivityService.Functions.Api;

/// <summary>
/// Standalone mode serves an interactive API reference (Scalar) at <c>/api/docs</c>, built from the
/// project's own OpenAPI document at <c>/api/openapi.json</c>: the page lists every operation and can
/// send requests with a bearer token pasted into its authentication panel.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api/docs";

    /// <summary>Shown above the reference: where a local token comes from ({0}: this service's base URL, HTML-encoded).</summary>
    private const string TokenHint =
        """
        <div id="local-token-hint" style="padding:8px 16px;font:14px system-ui,sans-serif;background:#fff8e1;color:#222;border-bottom:1px solid #e0c46c">
          <strong>Get a local token:</strong>
          <code>curl -s -X POST {0}/api/dev/token -H 'Content-Type: application/json' -d '{{"company_id":"acme","user_id":"u1","role":"admin"}}'</code>
          (or the <em>Mint a local token</em> operation under Local only), then paste the <code>token</code> value
          as the bearer token under Authentication.
        </div>
        """;

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, (options, context) => options
            .WithTitle("Activity service API reference")
            .WithOpenApiRoutePattern("/api/openapi.json")
            .AddPreferredSecuritySchemes("bearerAuth")
            .AddHeaderContent(string.Format(
                System.Globalization.CultureInfo.InvariantCulture,
                TokenHint,
                WebUtility.HtmlEncode($"{context.Request.Scheme}://{context.Request.Host}")))
            // Everything the page needs comes from this service: no web fonts, telemetry or hosted AI/MCP features.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideDeveloperTools())
            .AllowAnonymous();
        return app;
    }
}
