using ActivityService.Core.Retention;
using ActivityService.Functions.Operations;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>
/// The retention timer (<c>timerTrigger</c>, payload mode): one bounded run of the sweep per invocation.
/// The invocation body (the timer's schedule status) is not needed. A storage failure fails the
/// invocation; the next tick resumes from the stored checkpoint.
/// </summary>
public static partial class RetentionInvocation
{
    public static async Task RunAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sweeper = context.RequestServices.GetRequiredService<RetentionSweeper>();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RetentionInvocation).FullName!);
        RetentionReport report;
        try
        {
            report = await sweeper.RunAsync(context.RequestAborted).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any failure fails the invocation; the checkpoint makes the next run resume.
        catch (Exception failure)
#pragma warning restore CA1031
        {
            LogFailed(logger, failure);
            await InvocationResponse.WriteFailureAsync(context.Response, StatusCodes.Status500InternalServerError, "Retention run failed",
                "The retention sweep could not finish; the next run resumes from its checkpoint.").ConfigureAwait(false);
            return;
        }

        var summary = RetentionLog.Summary(report);
        LogRan(logger, summary);
        await InvocationResponse.WriteAsync(context.Response, _ => { }, [summary]).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 80, Level = LogLevel.Information, Message = "Retention run: {Summary}")]
    private static partial void LogRan(ILogger logger, string summary);

    [LoggerMessage(EventId = 81, Level = LogLevel.Error, Message = "Retention run failed; the next run resumes from its checkpoint")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
