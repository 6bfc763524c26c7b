using System.Security.Claims;
using ActivityService.Core.Activities;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>
/// Contract §5 activity routes. Company routes (<c>/api/activities</c>) need an admin and see the whole
/// tenant; user routes (<c>/api/me/activities</c>) see only the caller's own activities. Both share the
/// handlers below, which differ only by <see cref="Scope"/>.
/// </summary>
public static class ActivitiesApi
{
    public const int MaxIdempotencyKeyLength = 255;

    public static IEndpointRouteBuilder MapActivities(this IEndpointRouteBuilder app)
    {
        var company = app.MapGroup("/api/activities").RequireAuthorization(AuthSetup.AdminPolicy);
        company.MapPost("/", Create);
        company.MapGet("/", (HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => List(request, user, operations, Scope.Company, cancellationToken));
        company.MapGet("/{id}", (string id, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => Get(id, user, operations, Scope.Company, cancellationToken));
        company.MapPatch("/{id}", (string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => Patch(id, request, user, operations, Scope.Company, cancellationToken));
        company.MapDelete("/{id}", (string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => Delete(id, request, user, operations, Scope.Company, cancellationToken));
        company.MapGet("/{id}/history", (string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => History(id, request, user, operations, Scope.Company, cancellationToken));

        var own = app.MapGroup("/api/me/activities").RequireAuthorization(AuthSetup.CallerPolicy);
        own.MapGet("/", (HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => List(request, user, operations, Scope.Own, cancellationToken));
        own.MapGet("/unread-count", InboxApi.Counts);
        own.MapPost("/mark-read", MarkAllRead);
        own.MapGet("/{id}", (string id, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => Get(id, user, operations, Scope.Own, cancellationToken));
        own.MapPatch("/{id}", (string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => Patch(id, request, user, operations, Scope.Own, cancellationToken));
        own.MapDelete("/{id}", InboxApi.Archive);
        own.MapGet("/{id}/history", (string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) => History(id, request, user, operations, Scope.Own, cancellationToken));
        return app;
    }

    public static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken)
    {
        // Two headers reach us as two values, or joined into one by a proxy or client ("a, b"): both are 400,
        // so a key never contains a comma.
        var keys = request.Headers["Idempotency-Key"];
        if (keys.Count > 1 || keys.ToString().Contains(',', StringComparison.Ordinal))
        {
            return Problems.Validation("Idempotency-Key", "Send at most one Idempotency-Key header.");
        }

        var key = keys.ToString();
        if (key.Length > MaxIdempotencyKeyLength || key.Any(c => c is < ' ' or > '~'))
        {
            return Problems.Validation("Idempotency-Key", $"Must be 1-{MaxIdempotencyKeyLength} printable ASCII characters.");
        }

        var (body, problem) = await JsonBody.ReadAsync(request, allowMergePatch: false, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await operations.CreateAsync(user.ToCaller(), body, key.Length == 0 ? null : key, cancellationToken).ConfigureAwait(false);
        if (outcome.Status is not (WriteStatus.Done or WriteStatus.Replayed))
        {
            return ActivityResults.Failure(outcome.Status, outcome.Errors);
        }

        if (outcome.Status == WriteStatus.Replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return ActivityResults.Activity(outcome.Activity!, StatusCodes.Status201Created, "/api/activities/" + outcome.Activity!.Id);
    }

    public static async Task<IResult> List(HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, Scope scope, CancellationToken cancellationToken)
    {
        var (query, problem) = FeedQueryBinder.Bind(request.Query, scope);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await operations.ListAsync(user.ToCaller(), query!, scope, cancellationToken).ConfigureAwait(false);
        return outcome.Page is { } page ? ActivityResults.Page(page) : ActivityResults.Failure(outcome);
    }

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, ActivityOperations operations, Scope scope, CancellationToken cancellationToken) =>
        await operations.GetAsync(user.ToCaller(), id, scope, cancellationToken).ConfigureAwait(false) is { } activity
            ? new ConditionalActivityResult(activity)
            : Problems.NotFound();

    public static async Task<IResult> Patch(string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, Scope scope, CancellationToken cancellationToken)
    {
        var requiredVersion = EntityTags.RequiredVersion(request, out var precondition);
        if (precondition is not null)
        {
            return precondition;
        }

        var (body, problem) = await JsonBody.ReadAsync(request, allowMergePatch: true, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await operations.PatchAsync(user.ToCaller(), id, body, requiredVersion, scope, cancellationToken).ConfigureAwait(false);
        return outcome.Status == WriteStatus.Done ? ActivityResults.Activity(outcome.Activity!) : ActivityResults.Failure(outcome.Status, outcome.Errors);
    }

    public static async Task<IResult> Delete(string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, Scope scope, CancellationToken cancellationToken)
    {
        var requiredVersion = EntityTags.RequiredVersion(request, out var precondition);
        if (precondition is not null)
        {
            return precondition;
        }

        var outcome = await operations.DeleteAsync(user.ToCaller(), id, requiredVersion, scope, cancellationToken).ConfigureAwait(false);
        return outcome.Status == WriteStatus.Done ? TypedResults.NoContent() : ActivityResults.Failure(outcome.Status);
    }

    public static async Task<IResult> History(string id, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, Scope scope, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(request.Query, ["limit", "cursor"]);
        var limit = reader.Int("limit", FeedQueryBinder.DefaultLimit, 1, FeedQueryBinder.MaxLimit);
        var cursor = reader.Text("cursor");
        if (!reader.IsValid)
        {
            return Problems.Validation(reader.Errors);
        }

        var outcome = await operations.GetHistoryAsync(user.ToCaller(), id, limit, cursor, scope, cancellationToken).ConfigureAwait(false);
        return outcome.Page is { } page ? ActivityResults.HistoryPage(page) : ActivityResults.Failure(outcome);
    }

    public static async Task<IResult> MarkAllRead(ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken) =>
        ActivityResults.UnreadCount(new InboxCounts(await operations.MarkAllReadAsync(user.ToCaller(), cancellationToken).ConfigureAwait(false), 0, InboxPreferences.Default));
}
