using System.Diagnostics.Metrics;

namespace ActivityService.Core.Retention;

/// <summary>Rows the retention sweep removed or cleared, by kind.</summary>
public static class RetentionMetrics
{
    public const string MeterName = "ActivityService.Retention";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Removed = Meter.CreateCounter<long>("activity_retention_rows", description: "Rows removed (keys, markers, tombstones) or cleared (snapshots) by the retention sweep.");

    public static void Record(RetentionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Add("idempotency_key", report.KeysRemoved);
        Add("inbox_marker", report.MarkersRemoved);
        Add("snapshot", report.SnapshotsCleared);
        Add("tombstone", report.TombstonesRemoved);
    }

    private static void Add(string kind, int count)
    {
        if (count > 0)
        {
            Removed.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }
}
