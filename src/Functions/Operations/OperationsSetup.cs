using ActivityService.Core.Retention;
using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace ActivityService.Functions.Operations;

/// <summary>Registers the retention sweep (and, standalone, its timer).</summary>
public static class OperationsSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services, HostingMode mode)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.AddSingleton(provider => new RetentionSweeper(
            provider.GetRequiredService<TableClient>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<RetentionOptions>>().Value));
        if (mode == HostingMode.Standalone)
        {
            services.AddHostedService<RetentionWorker>();
        }

        return services;
    }
}
