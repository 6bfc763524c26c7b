using ActivityService.Core.Retention;
using Microsoft.Extensions.Options;

namespace ActivityService.Functions.Operations;

/// <summary>
/// Standalone mode's stand-in for the retention timer function: a run every
/// <see cref="RetentionOptions.IntervalMinutes"/> minutes (the first one after one interval), on the app's clock.
/// </summary>
public sealed partial class RetentionWorker(RetentionSweeper sweeper, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalMinutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IntervalMinutes), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    LogRan(logger, RetentionLog.Summary(await sweeper.RunAsync(stoppingToken).ConfigureAwait(false)));
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogFailed(logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 82, Level = LogLevel.Information, Message = "Retention run: {Summary}")]
    private static partial void LogRan(ILogger logger, string summary);

    [LoggerMessage(EventId = 83, Level = LogLevel.Warning, Message = "Retention run failed; the next run resumes from its checkpoint")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
