namespace ActivityService.Core.Activities;

/// <summary>An activity as stored and served: its writable content plus the server-owned fields.</summary>
public sealed record Activity
{
    public required string Id { get; init; }
    public required string CompanyId { get; init; }
    public required ActivityContent Content { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required long Version { get; init; }
}
