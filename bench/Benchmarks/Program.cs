using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActivityService.Benchmarks;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using Azure.Core;

// Event throughput against Azurite, side by side with Azurite's raw rate for the very same transactions.
// Usage: ActivityService.Benchmarks <connection string> [events per round] [rounds]
// scripts/bench-events.sh starts an in-memory Azurite and runs this; see docs/performance.md.
var connectionString = args.Length > 0 ? args[0] : throw new ArgumentException("Pass the Azurite connection string.");
var eventCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

var results = new List<RoundResult>();
for (var round = 1; round <= rounds; round++)
{
    var result = await RunRoundAsync(connectionString, eventCount, round);
    results.Add(result);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round}: processor {result.EventsPerSecond:F0} events/s, raw replay {result.RawBatchesPerSecond:F0} transactions/s, ratio {result.EventsPerSecond / result.RawBatchesPerSecond:F2}"));
}

var median = (Func<RoundResult, double> pick) => results.Select(pick).Order().ElementAt(results.Count / 2);
var first = results[0];
Console.WriteLine();
Console.WriteLine("| measure | median of " + rounds + " rounds |");
Console.WriteLine("|---|---|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| events applied per second (processor, 1 at a time) | {median(r => r.EventsPerSecond):F0} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| same transactions replayed raw per second | {median(r => r.RawBatchesPerSecond):F0} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| processor rate / raw rate | {median(r => r.EventsPerSecond / r.RawBatchesPerSecond):F2} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| storage requests per event (deterministic) | {first.RequestsPerEvent:F2} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| entities written per event (deterministic) | {first.EntitiesWrittenPerEvent:F2} |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| events, activities, users per round | {eventCount}, {eventCount / 5}, 10 |"));

static async Task<RoundResult> RunRoundAsync(string connectionString, int eventCount, int round)
{
    var recorder = new BatchRecorder();
    var options = new TableClientOptions();
    options.AddPolicy(recorder, HttpPipelinePosition.PerRetry);
    var name = $"bench{round}{Guid.NewGuid():N}"[..30];
    var table = TableClient.FromConnectionString(connectionString, name, options);
    await table.CreateIfNotExistsAsync();
    var ids = new ActivityIds(TimeProvider.System);
    var processor = new EventProcessor(new TableActivityStore(table, ids, TimeProvider.System), ids, TimeProvider.System);

    var messages = EventStream(eventCount).ToList();
    using var counter = StorageOperationCounter.Start();
    var clock = Stopwatch.StartNew();
    foreach (var (message, index) in messages.Select((m, i) => (m, i)))
    {
        await processor.ProcessAsync(new EventDelivery($"m{index}", 1, index + 1, message));
    }

    var processSeconds = clock.Elapsed.TotalSeconds;
    var requests = counter.Requests;
    var written = counter.EntitiesWritten;

    // Raw replay: the recorded transaction bodies, retargeted at a fresh table, sent one at a time
    // through the same pipeline (auth, no retries needed), with no reads and no decisions.
    var replayName = $"raw{round}{Guid.NewGuid():N}"[..30];
    var replayTable = TableClient.FromConnectionString(connectionString, replayName);
    await replayTable.CreateIfNotExistsAsync();
    var raw = RawBatchSender.Create(connectionString);
    // ETags belong to the first table: the replay writes the same entities unconditionally.
    var bodies = recorder.Batches
        .Select(batch => (Encoding.UTF8.GetBytes(IfMatch().Replace(Encoding.UTF8.GetString(batch.Body).Replace("/" + name, "/" + replayName, StringComparison.Ordinal), "If-Match: *")), batch.ContentType))
        .ToList();
    clock.Restart();
    foreach (var (body, contentType) in bodies)
    {
        await raw.SendAsync(body, contentType);
    }

    var rawSeconds = clock.Elapsed.TotalSeconds;
    await table.DeleteTableAsync();
    await replayTable.DeleteTableAsync();
    return new RoundResult(eventCount / processSeconds, bodies.Count / rawSeconds, (double)requests / eventCount, (double)written / eventCount);
}

// A realistic stream: activities created, then worked through, with a few late and duplicate-free events.
static IEnumerable<byte[]> EventStream(int count)
{
    string[] lifecycle = ["activityCreated", "activityStarted", "activityUpdated", "activityMoved", "activityCompleted"];
    var start = new DateTime(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);
    for (var i = 0; i < count; i++)
    {
        var activity = 10_000 + (i / lifecycle.Length);
        var step = i % lifecycle.Length;
        var time = start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        yield return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $$$"""
            {"companyId":"bench","eventType":"{{{lifecycle[step]}}}","time":"{{{time}}}","user":"dispatcher",
             "activityDetails":{"activityId":{{{activity}}},"resourceId":"tech-{{{activity % 10}}}","date":"2026-01-20"},
             "activityChanges":{"title":"Job {{{activity}}}","note":"step {{{step}}}"}}
            """));
    }
}

internal sealed partial record RoundResult(double EventsPerSecond, double RawBatchesPerSecond, double RequestsPerEvent, double EntitiesWrittenPerEvent);

internal static partial class Program
{
    [System.Text.RegularExpressions.GeneratedRegex("If-Match: [^\r\n]+")]
    private static partial System.Text.RegularExpressions.Regex IfMatch();
}
