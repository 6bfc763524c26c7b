using System.Diagnostics.Metrics;

namespace ActivityService.Functions.Telemetry;

/// <summary>Live-update messages handed to SignalR (the output binding, or the in-process hub).</summary>
public static class PushMetrics
{
    public const string MeterName = "ActivityService.Realtime";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Messages = Meter.CreateCounter<long>("activity_push_messages", description: "Live-update messages by transport and outcome.");

    /// <param name="transport"><c>binding</c> (Functions output) or <c>hub</c> (standalone).</param>
    /// <param name="outcome"><c>sent</c> or <c>failed</c>.</param>
    public static void Record(string transport, string outcome, int count = 1) =>
        Messages.Add(count, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("outcome", outcome));
}
