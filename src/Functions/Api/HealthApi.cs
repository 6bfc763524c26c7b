namespace ActivityService.Functions.Api;

/// <summary>Anonymous liveness (spec §5), and the root the Functions host probes before it sends work.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", () => TypedResults.Json(new { status = "ok" })).AllowAnonymous();
        app.MapGet("/", () => TypedResults.Json(new { status = "ok" })).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
