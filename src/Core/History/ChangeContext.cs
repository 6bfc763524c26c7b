namespace ActivityService.Core.History;

/// <summary>Why a write happens: recorded on the history entry it appends.</summary>
public sealed record ChangeContext(string Source, Actor Actor, string? SourceEvent = null, DateTimeOffset? OccurredAt = null)
{
    public static ChangeContext Api(string userId) => new(ChangeSources.Api, new Actor(userId, null));
}
