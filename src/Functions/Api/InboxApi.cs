using System.Security.Claims;
using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>
/// Contract §10 inbox routes of the caller's own feed: counts, mark-seen, archive (the <c>/me</c> DELETE),
/// bulk updates and preferences.
/// </summary>
public static class InboxApi
{
    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder app)
    {
        var own = app.MapGroup("/api/me").RequireAuthorization(AuthSetup.CallerPolicy);
        own.MapPost("/activities/mark-seen", MarkAllSeen);
        own.MapPost("/activities/bulk", Bulk);
        own.MapGet("/preferences", GetPreferences);
        own.MapPut("/preferences", PutPreferences);
        return app;
    }

    public static async Task<IResult> Counts(ClaimsPrincipal user, InboxOperations inbox, CancellationToken cancellationToken) =>
        ActivityResults.UnreadCount(await inbox.GetCountsAsync(user.ToCaller(), cancellationToken).ConfigureAwait(false));

    public static async Task<IResult> MarkAllSeen(ClaimsPrincipal user, InboxOperations inbox, CancellationToken cancellationToken) =>
        ActivityResults.UnreadCount(await inbox.MarkAllSeenAsync(user.ToCaller(), cancellationToken).ConfigureAwait(false));

    /// <summary><c>DELETE /api/me/activities/{id}</c>: archives it for its owner; 204 also when it already was.</summary>
    public static async Task<IResult> Archive(string id, HttpRequest request, ClaimsPrincipal user, InboxOperations inbox, CancellationToken cancellationToken)
    {
        var requiredVersion = EntityTags.RequiredVersion(request, out var precondition);
        if (precondition is not null)
        {
            return precondition;
        }

        var outcome = await inbox.ArchiveAsync(user.ToCaller(), id, requiredVersion, cancellationToken).ConfigureAwait(false);
        return outcome.Status == WriteStatus.Done ? TypedResults.NoContent() : ActivityResults.Failure(outcome.Status, outcome.Errors);
    }

    public static async Task<IResult> Bulk(HttpRequest request, ClaimsPrincipal user, InboxOperations inbox, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, allowMergePatch: false, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (bulk, errors) = BulkRequest.Bind(body);
        if (bulk is null)
        {
            return Problems.Validation(errors!.ToDictionary());
        }

        var outcome = await inbox.BulkAsync(user.ToCaller(), bulk, cancellationToken).ConfigureAwait(false);
        return new JsonWriterResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("results");
            foreach (var result in outcome.Results)
            {
                writer.WriteStartObject();
                writer.WriteString("id", result.Id);
                writer.WriteNumber("status", StatusOf(result.Status));
                if (result.Version is { } version)
                {
                    writer.WriteNumber("version", version);
                }
                else
                {
                    writer.WriteNull("version");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    public static async Task<IResult> GetPreferences(ClaimsPrincipal user, InboxOperations inbox, CancellationToken cancellationToken) =>
        Preferences(await inbox.GetPreferencesAsync(user.ToCaller(), cancellationToken).ConfigureAwait(false));

    public static async Task<IResult> PutPreferences(HttpRequest request, ClaimsPrincipal user, InboxOperations inbox, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, allowMergePatch: false, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (preferences, errors) = InboxPreferences.Bind(body);
        return preferences is null
            ? Problems.Validation(errors!.ToDictionary())
            : Preferences(await inbox.SetPreferencesAsync(user.ToCaller(), preferences, cancellationToken).ConfigureAwait(false));
    }

    private static JsonWriterResult Preferences(InboxPreferences preferences) =>
        new(StatusCodes.Status200OK, preferences.WriteTo);

    private static int StatusOf(WriteStatus status) => status switch
    {
        WriteStatus.Done => StatusCodes.Status200OK,
        WriteStatus.NotFound => StatusCodes.Status404NotFound,
        WriteStatus.VersionMismatch => StatusCodes.Status412PreconditionFailed,
        _ => StatusCodes.Status400BadRequest,
    };
}
