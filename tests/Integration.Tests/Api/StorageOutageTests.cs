using System.Collections.Concurrent;
using System.Net;
using ActivityService.Functions.Http;
using ActivityService.Integration.Tests.Functions;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Storage that does not answer (the connection to it cut) is a 503 the caller may retry, for reads and writes.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task Unreachable_storage_answers_503_with_retry_after_for_a_read_and_a_write()
    {
        await using var proxy = new TcpProxy(Azurite.Port);
        await using var server = await AppServer.StartAsync("--Storage:ConnectionString=" + Azurite.ConnectionStringOnPort(proxy.Port));
        using var admin = await server.ClientAsync("co-outage", "boss", "admin");

        await proxy.StopAsync();
        using var read = await admin.GetAsync(Activities);
        using var write = await admin.SendRawAsync(HttpMethod.Post, Activities, """{"title":"during the outage"}""");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (read.StatusCode, write.StatusCode));
        Assert.NotNull(read.Headers.RetryAfter);
        Assert.NotNull(write.Headers.RetryAfter);
    }

    /// <summary>
    /// Each request fails on a read before it writes, or on a write that could not be sent (a create
    /// without an owner writes first): the answer says nothing was changed, not that the outcome is
    /// unknown, and the outage is logged once, as a warning.
    /// </summary>
    [Fact]
    public async Task Writes_that_storage_never_received_answer_that_nothing_was_changed_and_log_no_error()
    {
        var logs = new CapturedLogs();
        var proxy = new TcpProxy(Azurite.Port);
        await using var server = await AppServer.StartAsync(
            services => services.AddSingleton<ILoggerProvider>(logs),
            "--Storage:ConnectionString=" + Azurite.ConnectionStringOnPort(proxy.Port));
        using var admin = await server.ClientAsync("co-outage-" + Guid.NewGuid().ToString("N")[..8], "boss", "admin");
        var existing = await admin.CreateActivityAsync(new { title = "Before", user_id = "u1" });
        var path = $"{Activities}/{existing.Id()}";

        await proxy.DisposeAsync();
        List<HttpResponseMessage> answers =
        [
            await admin.PostActivityAsync(new { title = "Never stored", user_id = "u1" }),
            await admin.PostActivityAsync(new { title = "Never stored either" }),
            await admin.PatchJsonAsync(path, new { title = "Never changed" }),
            await admin.DeleteAtAsync(path),
        ];
        await using var back = new TcpProxy(Azurite.Port, proxy.Port);

        foreach (var answer in answers)
        {
            using (answer)
            {
                var text = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.RequestMessage!.Method} answered {(int)answer.StatusCode}: {text}");
                Assert.Equal(ErrorHandling.NothingChangedDetail, Parse(text).Text("detail"));
                Assert.NotNull(answer.Headers.RetryAfter);
            }
        }

        var stored = Assert.Single(await admin.ListAllAsync(Activities));
        Assert.Equal(("Before", 1L), (stored.Text("title"), stored.Version()));
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Warning && entry.Category == "ActivityService.Errors");
        Assert.DoesNotContain(logs.Entries, entry => entry.Level >= LogLevel.Error);
    }

    /// <summary>Every log entry the app writes that passes the test server's filter (Warning and above).</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
