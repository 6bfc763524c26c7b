using ActivityService.Core.Events;
using ActivityService.Core.Retention;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ActivityService.Functions.Telemetry;

/// <summary>
/// Traces, metrics and logs through OpenTelemetry under one resource name. Exporters follow the
/// environment: Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, both when both are, and none otherwise.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "activity-service";
    public const string AzureMonitorVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AzureMonitorAuthenticationVariable = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Storage dependency spans: Azure.Core's HTTP pipeline and the Azure SDK clients all use <c>Azure.*</c> sources.</summary>
    public const string AzureSources = "Azure.*";

    public static IServiceCollection AddActivityTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource(AzureSources)
                .AddSource(EventTelemetry.SourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(EventTelemetry.MeterName, PushMetrics.MeterName, StorageRetryMetrics.MeterName, RetentionMetrics.MeterName))
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(configuration[AzureMonitorVariable]))
        {
            telemetry.UseAzureMonitor(options =>
            {
                // In Azure the app authenticates to Application Insights with its managed identity (local auth is off).
                if (ManagedIdentityClientId(configuration[AzureMonitorAuthenticationVariable]) is { } clientId)
                {
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>The client id of <c>ClientId={id};Authorization=AAD</c>, the form the Functions platform uses.</summary>
    internal static string? ManagedIdentityClientId(string? authentication) =>
        authentication?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase) && pair[1].Length > 0)
            .Select(pair => pair[1])
            .FirstOrDefault();
}
