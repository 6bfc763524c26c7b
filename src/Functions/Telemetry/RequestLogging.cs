using System.Diagnostics;
using ActivityService.Functions.FunctionsHost;

namespace ActivityService.Functions.Telemetry;

/// <summary>
/// One log line per request: method, route template (never the concrete path, which holds ids), status,
/// duration and trace id. Nothing else: no query, headers, tokens or bodies. Under the Functions host the
/// invocation of a payload-mode HTTP function is not logged itself; its rebuilt request is.
/// </summary>
public static partial class RequestLogging
{
    public const string Category = "ActivityService.Requests";

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                await next(context).ConfigureAwait(false);
                failed = false;
            }
            finally
            {
                if (ShouldLog(context))
                {
                    var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                    LogRequest(
                        logger,
                        context.Request.Method,
                        RouteTemplate(context),
                        status,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                        Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier);
                }
            }
        });
    }

    private static bool ShouldLog(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<FunctionInvocationMetadata>() is not { } invocation
        || FunctionCatalog.Find(invocation.FunctionName) is not { IsHttp: true };

    /// <summary>The matched route's template; unmatched requests are reported as such, never by their path.</summary>
    private static string RouteTemplate(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unmatched)";

    [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "HTTP {Method} {Route} answered {Status} in {DurationMs:0.0} ms (trace {TraceId})")]
    private static partial void LogRequest(ILogger logger, string method, string route, int status, double durationMs, string traceId);
}
