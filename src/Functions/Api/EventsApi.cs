using System.Security.Claims;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>Admin routes around lifecycle events: a contact's timeline (§7) and the tenant's rejected events (§6).</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/contacts/{contactId}/timeline", Timeline).RequireAuthorization(AuthSetup.AdminPolicy);
        app.MapGet("/api/rejected-events", Rejected).RequireAuthorization(AuthSetup.AdminPolicy);
        return app;
    }

    public static async Task<IResult> Timeline(string contactId, HttpRequest request, ClaimsPrincipal user, ActivityOperations operations, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(request.Query, ["activity_type", "activity_id", "sort", "limit", "cursor"]);
        if (!CallerClaims.IsUsableId(contactId))
        {
            reader.Error("contact_id", "Must be 1-128 characters without control characters or / \\ # ?.");
        }

        var query = new TimelineQuery(
            contactId,
            reader.List("activity_type", value => ActivityRules.ActivityType().IsMatch(value), "Each value must be an activity type like Meeting."),
            reader.Text("activity_id", ActivityIds.IsWellFormed, "Must be an activity id."),
            FeedQueryBinder.Sort(reader, SortOrder.Ascending),
            reader.Int("limit", FeedQueryBinder.DefaultLimit, 1, FeedQueryBinder.MaxLimit),
            reader.Text("cursor"));
        if (!reader.IsValid)
        {
            return Problems.Validation(reader.Errors);
        }

        var outcome = await operations.GetTimelineAsync(user.ToCaller(), query, cancellationToken).ConfigureAwait(false);
        return outcome.Page is { } page ? ActivityResults.HistoryPage(page) : ActivityResults.Failure(outcome);
    }

    public static async Task<IResult> Rejected(HttpRequest request, ClaimsPrincipal user, IEventStore events, CancellationToken cancellationToken)
    {
        var reader = new QueryReader(request.Query, ["limit", "cursor"]);
        var limit = reader.Int("limit", FeedQueryBinder.DefaultLimit, 1, FeedQueryBinder.MaxLimit);
        var cursor = reader.Text("cursor");
        if (!reader.IsValid)
        {
            return Problems.Validation(reader.Errors);
        }

        var outcome = await events.ListRejectedAsync(user.ToCaller().CompanyId, limit, cursor, cancellationToken).ConfigureAwait(false);
        if (outcome.Page is not { } page)
        {
            return ActivityResults.Failure(outcome);
        }

        return ActivityResults.PageOf(page, static (writer, rejected) =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", rejected.Id);
            writer.WriteString("message_id", rejected.MessageId);
            writer.WriteString("received_at", Rfc3339.Format(rejected.ReceivedAt));
            writer.WriteString("reason", rejected.Reason);
            writer.WriteString("raw_body", rejected.RawBody);
            writer.WriteEndObject();
        });
    }
}
