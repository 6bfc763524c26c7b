using System.Text.Json;

namespace ActivityService.Core.Activities;

/// <summary>
/// The writable fields of an activity (contract §3.1). Create and merge-patch both produce one of these,
/// and the validator checks it whole, so cross-field rules hold after every change.
/// </summary>
public sealed record ActivityContent
{
    public string? UserId { get; init; }
    public string? ContactId { get; init; }
    public string? VisitorId { get; init; }
    public string? CustomerId { get; init; }
    public string? RelationType { get; init; }
    public string? RelationId { get; init; }
    public string? ActivityType { get; init; }
    public string? MessageType { get; init; }
    public string? Direction { get; init; }
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string? FormattedDescription { get; init; }
    public string? Slug { get; init; }
    public string? Status { get; init; }

    /// <summary>A calendar date, <c>YYYY-MM-DD</c>.</summary>
    public string? ScheduledDate { get; init; }

    public string? ExternalId { get; init; }
    public string? ApptNumber { get; init; }
    public string? CustomerNumber { get; init; }

    /// <summary>Free-form properties; values are JSON strings, numbers, booleans or null.</summary>
    public IReadOnlyDictionary<string, JsonElement> Properties { get; init; } = EmptyProperties;

    public DateTimeOffset? ReadAt { get; init; }

    /// <summary>When the owner first saw it in the feed (contract §10); reading an item also marks it seen.</summary>
    public DateTimeOffset? SeenAt { get; init; }

    /// <summary>When the owner put it away (contract §10); archived activities leave the owner's feed and counts.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }

    public static readonly IReadOnlyDictionary<string, JsonElement> EmptyProperties =
        new Dictionary<string, JsonElement>(StringComparer.Ordinal);
}
