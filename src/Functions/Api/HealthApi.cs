namespace ActivityService.Functions.Api;

/// <summary>Anonymous liveness (contract §5), and the root the Functions host probes before it sends work.</summary>
public static class HealthApi
{
    /// <param name="probeAtRoot">Under the Functions host, <c>GET /</c> must answer too: the host probes it at start.</param>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app, bool probeAtRoot)
    {
        app.MapGet("/api/health", () => TypedResults.Json(new { status = "ok" })).AllowAnonymous();
        if (probeAtRoot)
        {
            app.MapGet("/", () => TypedResults.Json(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }
}
