namespace ActivityService.Core.Retention;

/// <summary>Section <c>Retention</c>: how old rows must be before the retention sweep removes them, and how much one run may do.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Age after which inbox markers and idempotency keys are removed (a duplicate arriving later is processed again).</summary>
    public int KeyRetentionDays { get; set; } = 7;

    /// <summary>Age, counted from the delete, after which the snapshot and tombstone of a deleted activity are removed.</summary>
    public int DeletedRetentionDays { get; set; } = 30;

    /// <summary>Rows read per page (at most 1,000, the service's page limit).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Pages one run reads at most; the next run resumes after the last one.</summary>
    public int MaxPagesPerRun { get; set; } = 20;

    /// <summary>Standalone mode only: minutes between runs of the in-process timer (0 turns it off).</summary>
    public int IntervalMinutes { get; set; } = 15;

    public TimeSpan KeyRetention => TimeSpan.FromDays(KeyRetentionDays);

    public TimeSpan DeletedRetention => TimeSpan.FromDays(DeletedRetentionDays);
}
