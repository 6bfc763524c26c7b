using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ActivityService.Functions.Events;
using ActivityService.Functions.Http;
using ActivityService.Integration.Tests.Functions;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.WritePath;

/// <summary>
/// The real app reaches storage through a TCP relay that is stopped and restarted while a burst of
/// concurrent requests or events is in flight (connections refused and cut mid-request, as in a network
/// fault; the emulator itself keeps everything it committed). Afterwards every acknowledged write is
/// readable, every 503 saying "nothing was changed" stored nothing, every 503 saying the outcome is
/// unknown is resolved by a retry with the same Idempotency-Key, and replaying every event changes
/// nothing. The counts vary from run to run; what is asserted does not. Counts: docs/performance.md.
/// </summary>
public sealed class ProxyFaultTests(ITestOutputHelper output)
{
    private const string Company = "co-proxy";
    private const int Creates = 140;
    private const int Patches = 40;
    private const int Deletes = 30;
    private const int EventActivities = 40;

    [Fact]
    public async Task Creates_with_storage_cut_mid_burst_answer_only_what_is_known()
    {
        await using var relay = await Relay.StartAsync();
        await using var server = await AppServer.StartAsync("--Storage:ConnectionString=" + relay.ConnectionString);
        using var admin = await server.ClientAsync(Company, "boss", "admin");

        var answers = await relay.WhileFlappingAsync(Enumerable.Range(0, Creates).Select(i => (Func<Task<Answer>>)(async () =>
        {
            using var response = await admin.PostActivityAsync(new { title = TitleOf(i) }, KeyOf(i));
            return await Answer.ReadAsync(i, response);
        })));

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var titles = await TitleCountsAsync(admin);
        foreach (var answer in answers)
        {
            var keyed = KeyOf(answer.Index) is null ? "without key" : "with key";
            Count(counts, $"create {keyed}: {answer.Outcome}");
            var title = TitleOf(answer.Index);
            switch (answer.Outcome)
            {
                case Outcome.Acknowledged:
                    Assert.Equal(HttpStatusCode.Created, answer.Status);
                    Assert.Equal(title, (await admin.GetJsonAsync(Activities + "/" + answer.Body!.Value.Id())).Text("title"));
                    Assert.Equal(1, titles.GetValueOrDefault(title));
                    break;
                case Outcome.NothingChanged:
                    Assert.True(titles.GetValueOrDefault(title) == 0, $"{title} answered \"nothing was changed\" but was stored.");
                    break;
                case Outcome.Unknown:
                    Assert.InRange(titles.GetValueOrDefault(title), 0, 1);
                    Count(counts, $"create {keyed}: {answer.Outcome}, found {(titles.GetValueOrDefault(title) == 1 ? "stored" : "not stored")}");
                    if (KeyOf(answer.Index) is { } key)
                    {
                        using var retry = await admin.PostActivityAsync(new { title }, key);
                        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
                    }

                    break;
                default:
                    Assert.Fail($"{title}: {answer}");
                    break;
            }
        }

        // A retried unknown create with its key yields exactly one activity; nothing is stored twice.
        titles = await TitleCountsAsync(admin);
        foreach (var answer in answers.Where(a => a.Outcome == Outcome.Unknown && KeyOf(a.Index) is not null))
        {
            Assert.Equal(1, titles.GetValueOrDefault(TitleOf(answer.Index)));
        }

        Assert.All(titles, pair => Assert.Equal(1, pair.Value));
        Report(counts);
    }

    [Fact]
    public async Task Patches_and_deletes_with_storage_cut_mid_burst_answer_only_what_is_known()
    {
        await using var relay = await Relay.StartAsync();
        await using var server = await AppServer.StartAsync("--Storage:ConnectionString=" + relay.ConnectionString);
        using var admin = await server.ClientAsync(Company, "boss", "admin");
        var ids = new List<string>();
        for (var i = 0; i < Patches + Deletes; i++)
        {
            ids.Add((await admin.CreateActivityAsync(new { title = "Original " + i })).Id());
        }

        var answers = await relay.WhileFlappingAsync(ids.Select((id, i) => (Func<Task<Answer>>)(async () =>
        {
            using var response = i < Patches
                ? await admin.PatchJsonAsync(Activities + "/" + id, new { title = "Patched " + i })
                : await admin.DeleteAtAsync(Activities + "/" + id);
            return await Answer.ReadAsync(i, response);
        })));

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            var patch = answer.Index < Patches;
            Count(counts, $"{(patch ? "patch" : "delete")}: {answer.Outcome}");
            using var read = await admin.GetAsync(Activities + "/" + ids[answer.Index]);
            var stored = read.StatusCode == HttpStatusCode.OK ? (await read.ReadJsonAsync()).Text("title") : null;
            Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"GET answered {(int)read.StatusCode}");
            var original = "Original " + answer.Index;
            var changed = patch ? "Patched " + answer.Index : null;
            switch (answer.Outcome)
            {
                case Outcome.Acknowledged:
                    Assert.Equal(patch ? HttpStatusCode.OK : HttpStatusCode.NoContent, answer.Status);
                    Assert.Equal(changed, stored);
                    break;
                case Outcome.NothingChanged:
                    Assert.True(stored == original, $"{original}: answered \"nothing was changed\" but now reads {stored ?? "deleted"}.");
                    break;
                case Outcome.Unknown:
                    Assert.Contains(stored, new[] { original, changed });
                    Count(counts, $"{(patch ? "patch" : "delete")}: {answer.Outcome}, found {(stored == original ? "unchanged" : "applied")}");
                    break;
                default:
                    Assert.Fail($"{original}: {answer}");
                    break;
            }
        }

        Report(counts);
    }

    [Fact]
    public async Task Events_with_storage_cut_mid_burst_are_applied_once_and_a_replay_changes_nothing()
    {
        await using var relay = await Relay.StartAsync();
        await using var server = await AppServer.StartAsync(
            "--Storage:ConnectionString=" + relay.ConnectionString, "--LocalQueue:RetryDelayMilliseconds=50", "--LocalQueue:Concurrency=4");
        using var admin = await server.ClientAsync(Company, "boss", "admin");
        using var queue = server.Anonymous();
        var localQueue = server.Services.GetRequiredService<LocalEventQueue>();

        // Per activity a start and, for every other one, a later update: the final title is known in any order.
        var messages = new List<(string Id, string Body)>();
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < EventActivities; i++)
        {
            var externalId = (7000 + i).ToString(CultureInfo.InvariantCulture);
            messages.Add(("start-" + externalId, Event(externalId, "activityStarted", 0, "Started " + i)));
            expected[externalId] = "Started " + i;
            if (i % 2 == 0)
            {
                messages.Add(("update-" + externalId, Event(externalId, "activityUpdated", 5, "Updated " + i)));
                expected[externalId] = "Updated " + i;
            }
        }

        var posted = await relay.WhileFlappingAsync(messages.Select((message, i) => (Func<Task<Answer>>)(async () =>
        {
            using var response = await PostEventAsync(queue, message.Id, message.Body);
            return await Answer.ReadAsync(i, response);
        })));

        Assert.All(posted, answer => Assert.Equal(HttpStatusCode.Accepted, answer.Status));
        var firstPass = await WaitForAsync(admin, expected);
        Assert.Empty(localQueue.DeadLetters);
        var before = Snapshot(firstPass);

        foreach (var (id, body) in messages)
        {
            using var response = await PostEventAsync(queue, id, body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await DrainAsync(localQueue);
        Assert.Equal(before, Snapshot(await admin.ListAllAsync(Activities)));
        Assert.Empty(localQueue.DeadLetters);
        output.WriteLine($"events: {messages.Count} posted while storage was cut {Relay.Cuts} times, each applied once; replay of all changed nothing");
    }

    private static string TitleOf(int index) => "Burst " + index;

    /// <summary>Half the creates carry an Idempotency-Key, the other half do not.</summary>
    private static string? KeyOf(int index) => index % 2 == 0 ? "burst-key-" + index : null;

    private static async Task<Dictionary<string, int>> TitleCountsAsync(HttpClient admin) =>
        (await admin.ListAllAsync(Activities, "limit=100"))
            .GroupBy(activity => activity.Text("title")!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    private static Task<HttpResponseMessage> PostEventAsync(HttpClient queue, string messageId, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/dev/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Message-Id", messageId);
        return queue.SendAsync(request);
    }

    private static string Event(string externalId, string type, int minute, string title) =>
        "{\"companyId\":\"" + Company + "\",\"eventType\":\"" + type + "\",\"time\":\"2026-01-15 10:"
        + minute.ToString("00", CultureInfo.InvariantCulture) + ":00\",\"activityDetails\":{\"activityId\":" + externalId
        + ",\"resourceId\":\"tech-1\"},\"activityChanges\":{\"title\":\"" + title + "\"}}";

    /// <summary>
    /// Polls (bounded) until every external id has exactly one activity with its expected title and the
    /// status its start event sets: then every event has been applied (an update can set the final title
    /// before the older start arrives).
    /// </summary>
    private static async Task<List<JsonElement>> WaitForAsync(HttpClient admin, Dictionary<string, string> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var all = await admin.ListAllAsync(Activities, "limit=100");
            var byExternal = all.GroupBy(a => a.Text("external_id") ?? "").ToDictionary(g => g.Key, g => g.Select(a => a.Text("status") == "started" ? a.Text("title") : "not started: " + a.Text("title")).ToList());
            var done = expected.All(pair => byExternal.TryGetValue(pair.Key, out var found) && found.Count == 1 && found[0] == pair.Value);
            if (done || DateTime.UtcNow > deadline)
            {
                Assert.True(done, "Not every event's effect is present exactly once: "
                    + string.Join(", ", expected.Where(p => !byExternal.TryGetValue(p.Key, out var f) || f.Count != 1 || f[0] != p.Value)
                        .Select(p => $"{p.Key}→[{string.Join("|", byExternal.GetValueOrDefault(p.Key) ?? [])}]")));
                Assert.Equal(expected.Count, all.Count);
                return all;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits (bounded) until the queue is empty, then long enough for in-flight deliveries to finish.</summary>
    private static async Task DrainAsync(LocalEventQueue queue)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (queue.Reader.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, queue.Reader.Count);
        await Task.Delay(1000);
    }

    private static string Snapshot(IEnumerable<JsonElement> activities) => string.Join("\n", activities
        .Select(a => $"{a.Id()}:{a.Version()}:{a.Text("external_id")}:{a.Text("title")}:{a.Text("status")}:{a.Text("user_id")}")
        .Order(StringComparer.Ordinal));

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private void Report(Dictionary<string, int> counts)
    {
        output.WriteLine($"storage cut {Relay.Cuts} times mid-burst");
        foreach (var (key, count) in counts.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{key}: {count}");
        }
    }

    private enum Outcome
    {
        Acknowledged = 0,
        NothingChanged = 1,
        Unknown = 2,
        Other = 3,
    }

    private sealed record Answer(int Index, HttpStatusCode Status, Outcome Outcome, JsonElement? Body, string Text)
    {
        public static async Task<Answer> ReadAsync(int index, HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var body = text.Length > 0 && text.TrimStart().StartsWith('{') ? Parse(text) : (JsonElement?)null;
            var detail = body is { } json && json.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var outcome = (int)response.StatusCode switch
            {
                >= 200 and < 300 => Outcome.Acknowledged,
                503 when detail == ErrorHandling.NothingChangedDetail && response.Headers.RetryAfter is not null => Outcome.NothingChanged,
                503 when detail == ErrorHandling.OutcomeUnknownDetail && response.Headers.RetryAfter is not null => Outcome.Unknown,
                _ => Outcome.Other,
            };
            return new Answer(index, response.StatusCode, outcome, body, text);
        }

        public override string ToString() => $"{(int)Status} {Text}";
    }

    /// <summary>
    /// A loopback relay between the app and Azurite that can be cut and brought back on the same port.
    /// </summary>
    private sealed class Relay : IAsyncDisposable
    {
        /// <summary>Outages per burst.</summary>
        public const int Cuts = 3;

        private readonly int _azuritePort;
        private TcpProxy _proxy;

        private Relay(int azuritePort)
        {
            _azuritePort = azuritePort;
            _proxy = new TcpProxy(azuritePort);
            ConnectionString = Azurite.ConnectionStringOnPort(_proxy.Port);
        }

        public string ConnectionString { get; }

        public static Task<Relay> StartAsync()
        {
            var port = Azurite.Port;
            return Task.FromResult(new Relay(port));
        }

        /// <summary>
        /// Starts the requests spread over the whole flapping period while storage is cut <see cref="Cuts"/>
        /// times, each time for longer than the storage client's own retries of reads last (about 1.4 s),
        /// so some requests see storage gone for good and some lose their connection mid-request.
        /// Storage is back before the answers are returned.
        /// </summary>
        public async Task<Answer[]> WhileFlappingAsync(IEnumerable<Func<Task<Answer>>> requests)
        {
            var up = TimeSpan.FromMilliseconds(600);
            var down = TimeSpan.FromMilliseconds(2500);
            var list = requests.ToList();
            var spacing = (up + down) * Cuts / list.Count;
            var sent = Task.WhenAll(list.Select(async (request, i) =>
            {
                await Task.Delay(spacing * i);
                return await request();
            }));
            for (var cut = 0; cut < Cuts; cut++)
            {
                await Task.Delay(up);
                await _proxy.StopAsync();
                await Task.Delay(down);
                _proxy = new TcpProxy(_azuritePort, _proxy.Port);
            }

            return await sent.WaitAsync(TimeSpan.FromSeconds(30));
        }

        public async ValueTask DisposeAsync() => await _proxy.DisposeAsync();
    }
}
