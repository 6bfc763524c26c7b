using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Realtime;
using ActivityService.Functions.Realtime;
using ActivityService.Functions.Telemetry;
using Azure.Core;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace ActivityService.Functions.Hosting;

/// <summary>Registers the table client and the activity store, and makes sure the table exists before serving.</summary>
public static partial class StorageSetup
{
    public static IServiceCollection AddActivityStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var clientOptions = new TableClientOptions { StrictAzureLimits = options.StrictAzureLimits };
            clientOptions.AddPolicy(new StorageRetryMetrics(), HttpPipelinePosition.PerRetry);
            return options.ConnectionString is { Length: > 0 } connectionString
                ? TableClient.FromConnectionString(connectionString, options.TableName, clientOptions)
                : TableClient.FromTokenCredential(options.TableServiceUri!, options.TableName, new DefaultAzureCredential(), clientOptions);
        });
        services.AddSingleton(provider => new ActivityIds(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TableActivityStore>();
        services.AddSingleton<IActivityStore>(provider => provider.GetRequiredService<TableActivityStore>());
        services.AddSingleton<IEventStore>(provider => provider.GetRequiredService<TableActivityStore>());
        services.AddSingleton<EventProcessor>();
        services.AddSingleton<ActivityNotifier>();
        services.AddSingleton<IRealtimePublisher, RealtimeDispatcher>();
        services.AddSingleton<ActivityOperations>();
        services.AddSingleton<InboxOperations>();
        services.AddHostedService<TableInitializer>();
        return services;
    }

    /// <summary>Creates the table at start; the app refuses to start if storage is unreachable, with a clear log.</summary>
    private sealed partial class TableInitializer(TableClient table, ILogger<TableInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogUnreachable(logger, table.Name, error);
                throw;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 10, Level = LogLevel.Critical, Message = "Cannot create or reach table {Table}; is the storage emulator running?")]
        private static partial void LogUnreachable(ILogger logger, string table, Exception error);
    }
}
