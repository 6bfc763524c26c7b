namespace ActivityService.Functions.Hosting;

/// <summary>
/// Cross-origin access for a browser app on another origin (e.g. a local single-page app on its own
/// port). Off unless <c>Cors:AllowedOrigins</c> names origins, as a comma-separated list
/// (<c>Cors__AllowedOrigins=http://localhost:5173,https://app.example</c>) or an array
/// (<c>Cors__AllowedOrigins__0=...</c>). In Azure the Function App's own CORS setting is the route instead.
/// </summary>
public static class CorsSetup
{
    public const string Section = "Cors";

    /// <summary>Response headers a cross-origin script may read (the browser hides all others).</summary>
    private static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "WWW-Authenticate"];

    /// <summary>The configured origins, trimmed and without duplicates; empty when CORS is off.</summary>
    public static string[] AllowedOrigins(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section).GetSection("AllowedOrigins");
        var values = section.Value is { } list ? [list] : section.GetChildren().Select(child => child.Value ?? "");
        return values
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(origin => origin.TrimEnd('/'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public static IServiceCollection AddConfiguredCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = AllowedOrigins(configuration);
        if (origins.Length > 0)
        {
            // Credentials allowed so that the SignalR browser client (withCredentials by default) can negotiate.
            services.AddCors(options => options.AddDefaultPolicy(policy => policy
                .WithOrigins(origins)
                .AllowAnyHeader()
                .AllowAnyMethod()
                .AllowCredentials()
                .WithExposedHeaders(ExposedHeaders)));
        }

        return services;
    }

    public static WebApplication UseConfiguredCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (AllowedOrigins(app.Configuration).Length > 0)
        {
            app.UseCors();
        }

        return app;
    }
}
