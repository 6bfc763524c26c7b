using ActivityService.Core.Activities;
using ActivityService.Core.Catalog;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>The listing parameters of contract §4, checked one by one (every bad one is named in the 400).</summary>
public static class FeedQueryBinder
{
    private static readonly string[] Common =
    [
        "contact_id", "visitor_id", "customer_id", "relation_type", "relation_id", "activity_type", "message_type",
        "direction", "status", "read", "seen", "archived", "created_from", "created_to", "sort", "limit", "cursor", "external_id",
    ];

    private static readonly HashSet<string> CompanyParameters = [.. Common, "user_id"];
    private static readonly HashSet<string> OwnParameters = [.. Common];

    public const int MaxLimit = 100;
    public const int DefaultLimit = 25;

    public static (FeedQuery? Query, IResult? Problem) Bind(IQueryCollection parameters, Scope scope)
    {
        var reader = new QueryReader(parameters, scope == Scope.Company ? CompanyParameters : OwnParameters);
        const string IdRule = "Must be 1-128 characters without control characters or / \\ # ?.";
        var query = new FeedQuery
        {
            UserId = reader.Text("user_id", CallerClaims.IsUsableId, IdRule),
            ContactId = reader.Text("contact_id", CallerClaims.IsUsableId, IdRule),
            ExternalId = reader.Text("external_id", CallerClaims.IsUsableId, IdRule),
            VisitorId = reader.Text("visitor_id", CallerClaims.IsUsableId, IdRule),
            CustomerId = reader.Text("customer_id", CallerClaims.IsUsableId, IdRule),
            RelationType = reader.Text("relation_type", ActivityRules.RelationTypes.Contains, "Must be one of: " + string.Join(", ", ActivityRules.RelationTypes) + "."),
            RelationId = reader.Text("relation_id", CallerClaims.IsUsableId, IdRule),
            ActivityTypes = reader.List("activity_type", value => ActivityRules.ActivityType().IsMatch(value), "Each value must be an activity type like Meeting."),
            MessageTypes = reader.List("message_type", value => value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'), "Each value must be a message type like schedule_invitation."),
            Directions = reader.List("direction", MessageDirections.All.Contains, "Each value must be one of: " + string.Join(", ", MessageDirections.All) + "."),
            Statuses = reader.List("status", ActivityRules.Statuses.Contains, "Each value must be one of: " + string.Join(", ", ActivityRules.Statuses) + "."),
            Read = reader.Bool("read"),
            Seen = reader.Bool("seen"),
            Archived = Archived(reader, scope),
            CreatedFrom = reader.Time("created_from"),
            CreatedTo = reader.Time("created_to"),
            Sort = Sort(reader),
            Limit = reader.Int("limit", DefaultLimit, 1, MaxLimit),
            Cursor = reader.Text("cursor"),
        };

        if (query.CreatedFrom > query.CreatedTo)
        {
            reader.Error("created_to", "Must not be before created_from.");
        }

        return reader.IsValid ? (query, null) : (null, Problems.Validation(reader.Errors));
    }

    /// <summary><c>archived=include|only</c>; the caller's own feed leaves archived activities out by default (contract §10).</summary>
    private static ArchivedFilter Archived(QueryReader reader, Scope scope) =>
        reader.Text("archived", value => value is "include" or "only" or "exclude", "Must be include, only or exclude.") switch
        {
            "include" => ArchivedFilter.Include,
            "only" => ArchivedFilter.Only,
            "exclude" => ArchivedFilter.Exclude,
            _ => scope == Scope.Own ? ArchivedFilter.Exclude : ArchivedFilter.Include,
        };

    public static SortOrder Sort(QueryReader reader, SortOrder fallback = SortOrder.Descending)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Text("sort", value => value is "asc" or "desc", "Must be asc or desc.") switch
        {
            "asc" => SortOrder.Ascending,
            "desc" => SortOrder.Descending,
            _ => fallback,
        };
    }
}
