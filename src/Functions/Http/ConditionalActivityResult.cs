using ActivityService.Core.Activities;

namespace ActivityService.Functions.Http;

/// <summary>
/// A single-activity read: <c>304 Not Modified</c> with the ETag and no body when the request's
/// <c>If-None-Match</c> matches the activity's version, the activity with its ETag otherwise.
/// </summary>
public sealed class ConditionalActivityResult(Activity activity) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var tag = EntityTags.Format(activity.Version);
        if (IfNoneMatch.Matches(httpContext.Request, tag))
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            httpContext.Response.Headers.ETag = tag;
            return Task.CompletedTask;
        }

        return ActivityResults.Activity(activity).ExecuteAsync(httpContext);
    }
}
