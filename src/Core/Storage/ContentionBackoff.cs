namespace ActivityService.Core.Storage;

/// <summary>
/// The pause before retrying a write that lost an optimistic-concurrency race. Writers of one user's
/// activities all update that user's read-state row; random, growing pauses spread a burst of them out
/// so each gets through, instead of all retrying in lockstep and colliding again.
/// </summary>
internal static class ContentionBackoff
{
    /// <summary>Attempts before contention is reported (as the storage 412/409 it is) instead of retried.</summary>
    public const int MaxAttempts = 16;

    private const int BaseMilliseconds = 4;
    private const int CapMilliseconds = 250;

    public static Task DelayAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(CapMilliseconds, BaseMilliseconds << Math.Min(attempt, 8));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(ceiling + 1)), cancellationToken);
    }
}
