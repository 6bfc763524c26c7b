using System.Text.Json.Nodes;

namespace ActivityService.Core.History;

/// <summary>Who made a change: a user (API caller or the event's <c>user</c>) and/or an application.</summary>
public sealed record Actor(string? UserId, string? ApplicationId);

/// <summary>One field's value before and after a change, as JSON (null when absent).</summary>
public sealed record FieldChange(string Field, JsonNode? Previous, JsonNode? Current);

public static class HistoryEvents
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}

public static class ChangeSources
{
    public const string Api = "api";
    public const string Event = "event";
}

/// <summary>An entry of an activity's history (contract §7). Entries are appended, never changed.</summary>
public sealed record HistoryEntry(
    string Id,
    string ActivityId,
    string Event,
    string Source,
    string? SourceEvent,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Actor Actor,
    IReadOnlyList<FieldChange> Changes);
