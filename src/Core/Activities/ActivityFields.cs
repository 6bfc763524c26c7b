using System.Collections.Frozen;

namespace ActivityService.Core.Activities;

/// <summary>The JSON (snake_case) names of an activity's fields (contract §3), in the order they are written.</summary>
public static class ActivityFields
{
    public const string Id = "id";
    public const string CompanyId = "company_id";
    public const string UserId = "user_id";
    public const string ContactId = "contact_id";
    public const string VisitorId = "visitor_id";
    public const string CustomerId = "customer_id";
    public const string RelationType = "relation_type";
    public const string RelationId = "relation_id";
    public const string ActivityType = "activity_type";
    public const string MessageType = "message_type";
    public const string Direction = "direction";
    public const string Title = "title";
    public const string Description = "description";
    public const string FormattedDescription = "formatted_description";
    public const string Slug = "slug";
    public const string Status = "status";
    public const string ScheduledDate = "scheduled_date";
    public const string ExternalId = "external_id";
    public const string ApptNumber = "appt_number";
    public const string CustomerNumber = "customer_number";
    public const string Properties = "properties";
    public const string ReadAt = "read_at";
    public const string SeenAt = "seen_at";
    public const string ArchivedAt = "archived_at";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
    public const string Version = "version";

    /// <summary>Fields a request body may set (contract §3.1).</summary>
    public static FrozenSet<string> Writable { get; } = FrozenSet.ToFrozenSet(
        [
            UserId, ContactId, VisitorId, CustomerId, RelationType, RelationId, ActivityType, MessageType,
            Direction, Title, Description, FormattedDescription, Slug, Status, ScheduledDate, ExternalId,
            ApptNumber, CustomerNumber, Properties, ReadAt,
        ],
        StringComparer.Ordinal);

    /// <summary>Fields only the server sets; naming one in a request body is an error.</summary>
    public static FrozenSet<string> ReadOnly { get; } =
        FrozenSet.ToFrozenSet([Id, CompanyId, CreatedAt, UpdatedAt, Version], StringComparer.Ordinal);

    /// <summary>What <c>PATCH /api/me/activities/{id}</c> may change (contract §5).</summary>
    public static FrozenSet<string> UserScopedPatchable { get; } = FrozenSet.ToFrozenSet([ReadAt, SeenAt, ArchivedAt], StringComparer.Ordinal);

    /// <summary>Inbox fields only the owner sets, through <c>/api/me/…</c> (contract §10); company routes refuse them.</summary>
    public static FrozenSet<string> OwnerOnly { get; } = FrozenSet.ToFrozenSet([SeenAt, ArchivedAt], StringComparer.Ordinal);
}
