namespace ActivityService.Core.Retention;

/// <summary>
/// What one retention run did. <see cref="CycleCompleted"/> is true when the run reached the end of the
/// table, so the next run starts a new pass from the first tenant.
/// </summary>
public sealed record RetentionReport(int PagesRead, int KeysRemoved, int MarkersRemoved, int SnapshotsCleared, int TombstonesRemoved, bool CycleCompleted)
{
    public int Changes => KeysRemoved + MarkersRemoved + SnapshotsCleared + TombstonesRemoved;
}
