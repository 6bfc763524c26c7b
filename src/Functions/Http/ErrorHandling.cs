using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;
using Azure;
using Microsoft.AspNetCore.Diagnostics;

namespace ActivityService.Functions.Http;

/// <summary>
/// Unhandled exceptions become problem responses with nothing internal in them: storage that cannot be
/// reached or keeps conflicting is a 503 the caller may retry; anything else is a logged 500.
/// </summary>
public static partial class ErrorHandling
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseProblemErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ActivityService.Errors");
                IResult result;
                if (IsOutcomeUnknown(error) || IsTransient(error))
                {
                    LogStorageUnavailable(logger, context.Request.Method, context.Request.Path, error);
                    context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    result = Problems.ServiceUnavailable(MayHaveChanged(context, error) ? OutcomeUnknownDetail : NothingChangedDetail);
                }
                else if (error is BadHttpRequestException badRequest)
                {
                    result = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? Problems.PayloadTooLarge(JsonBody.MaxBytes)
                        : Problems.BadRequest("The request could not be read.");
                }
                else
                {
                    LogUnhandled(logger, context.Request.Method, context.Request.Path, error);
                    result = Problems.Internal();
                }

                await result.ExecuteAsync(context).ConfigureAwait(false);
            },

            // Storage outages and unreadable requests are logged above as warnings; ASP.NET would log
            // each again as an unhandled error. A 500 keeps the framework's diagnostics too.
            SuppressDiagnosticsCallback = context =>
                context.Exception is BadHttpRequestException || IsOutcomeUnknown(context.Exception) || IsTransient(context.Exception),
        });

        // Counts what each request does to storage, so the handler above knows whether it may have changed anything.
        return app.Use(async (context, next) =>
        {
            using var storage = StorageOperationCounter.Start();
            context.Features.Set(storage);
            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Whether a failed request may have changed something: one of its writes was applied, or may have
    /// been. A request that failed on a read, or whose writes storage refused or never received, did not.
    /// </summary>
    private static bool MayHaveChanged(HttpContext context, Exception? error) =>
        context.Features.Get<StorageOperationCounter>() is { } storage ? storage.WritesMaybeApplied > 0 : IsOutcomeUnknown(error);

    public const string NothingChangedDetail = "Storage is unavailable or busy right now; retry shortly. Nothing was changed.";

    public const string OutcomeUnknownDetail =
        "Storage failed while the change was being saved, and whether it was saved is unknown. Check before retrying, or retry a create with the same Idempotency-Key.";

    /// <summary>
    /// A write was sent to storage and neither its success nor its failure could be confirmed: the
    /// answer must not claim that nothing was changed.
    /// </summary>
    public static bool IsOutcomeUnknown(Exception? error) => error switch
    {
        WriteOutcomeUnknownException => true,
        TableRequestFailedException table => table.IsOutcomeUnknown,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsOutcomeUnknown),
        _ => false,
    };

    /// <summary>
    /// Failures worth a retry: the storage service unreachable (transport errors surface as status 0,
    /// <see cref="TableRequestFailedException.IsOutcomeUnknown"/>), answering 5xx, or optimistic concurrency
    /// that kept losing. A 412/409 that reaches here means the store gave up retrying a contended write.
    /// </summary>
    public static bool IsTransient(Exception? error) => error switch
    {
        WriteContentionException => true,
        TableRequestFailedException table => table.Status is 0 or >= 500 or 408 or 409 or 412 or 429,
        RequestFailedException request => request.Status is 0 or >= 500 or 408 or 429,
        HttpRequestException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Storage unavailable during {Method} {Path}")]
    private static partial void LogStorageUnavailable(ILogger logger, string method, PathString path, Exception? exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error during {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception? exception);
}
