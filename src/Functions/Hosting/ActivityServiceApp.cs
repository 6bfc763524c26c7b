using ActivityService.Functions.Api;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Events;
using ActivityService.Functions.FunctionsHost;
using ActivityService.Functions.Http;
using ActivityService.Functions.Operations;
using ActivityService.Functions.Realtime;
using ActivityService.Functions.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ActivityService.Functions.Hosting;

/// <summary>Composes the app: services, middleware and routes, for both hosting modes.</summary>
public static class ActivityServiceApp
{
    /// <param name="configureServices">Runs after the app's own registrations (tests add telemetry exporters here).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var mode = HostingOptions.Resolve(builder.Configuration);
        ConfigureListening(builder, mode);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        builder.Services.AddProblemDetails();
        builder.Services.AddCallerAuthentication(builder.Configuration);
        builder.Services.AddActivityStorage();
        builder.Services.AddConfiguredCors(builder.Configuration);
        builder.Services.AddActivityTelemetry(builder.Configuration);
        builder.Services.AddRetention(mode);
        if (mode == HostingMode.Standalone)
        {
            builder.Services.AddOptions<LocalQueueOptions>().BindConfiguration(LocalQueueOptions.Section);
            builder.Services.AddSingleton<LocalEventQueue>();
            builder.Services.AddHostedService<LocalQueueWorker>();
            builder.Services.AddSignalR();
            builder.Services.AddSingleton<IUserIdProvider, TenantUserIdProvider>();
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        if (mode == HostingMode.Functions)
        {
            // First: captures the rest of the pipeline for the payload-mode invocations (POST /{Function}).
            app.UseFunctionsHost();
        }

        app.UseRequestLogging();
        app.UseProblemErrors();
        app.UseConfiguredCors();
        if (mode == HostingMode.Standalone)
        {
            app.UseLocalPage();
        }

        app.UseStatusCodePages(async context =>
        {
            // Routing misses (unknown path, wrong method) get a problem body too.
            var status = context.HttpContext.Response.StatusCode;
            var result = status == StatusCodes.Status405MethodNotAllowed
                ? Problems.MethodNotAllowed()
                : Problems.NotFound("No such route.");
            if (status is StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
            {
                await result.ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            }
        });
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapHealth(probeAtRoot: mode == HostingMode.Functions);
        app.MapReadiness();
        app.MapActivities();
        app.MapInbox();
        app.MapCatalog();
        app.MapEventRoutes();
        app.MapOpenApiDocument();
        if (mode == HostingMode.Standalone)
        {
            app.MapDevTokens();
            app.MapDevEvents();
            app.MapApiReference();
            app.MapHub<ActivitiesHub>(ActivitiesHub.Path);
        }

        return app;
    }

    /// <summary>Under the Functions host: the port it assigns. Standalone: 127.0.0.1:7071 unless URLs are configured.</summary>
    private static void ConfigureListening(WebApplicationBuilder builder, HostingMode mode)
    {
        if (mode == HostingMode.Functions && builder.Configuration[HostingOptions.CustomHandlerPortVariable] is { Length: > 0 } port)
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(HostingOptions.StandaloneUrl);
        }
    }
}
