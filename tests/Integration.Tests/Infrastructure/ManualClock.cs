namespace ActivityService.Integration.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, so created-at ranges and ordering are exact.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
