namespace ActivityService.Core.Activities;

public enum ActivityChangeKind
{
    Created = 0,
    Updated = 1,
    Deleted = 2,
}

/// <summary>
/// A change a write made, for live updates: the activity after it (before it, for a delete), and who
/// owned it before when the write reassigned it.
/// </summary>
public sealed record ActivityChange(ActivityChangeKind Kind, Activity Activity, string? PreviousUserId = null);
