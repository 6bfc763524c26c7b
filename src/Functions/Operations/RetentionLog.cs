using System.Globalization;
using ActivityService.Core.Retention;

namespace ActivityService.Functions.Operations;

/// <summary>One line that says what a retention run did.</summary>
public static class RetentionLog
{
    public static string Summary(RetentionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.PagesRead} pages read; removed {report.KeysRemoved} idempotency keys, {report.MarkersRemoved} inbox markers, {report.TombstonesRemoved} tombstones; cleared {report.SnapshotsCleared} snapshots; pass {(report.CycleCompleted ? "completed" : "continues next run")}");
    }
}
