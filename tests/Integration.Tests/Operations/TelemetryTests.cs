using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ActivityService.Core.Events;
using ActivityService.Functions.Telemetry;
using ActivityService.Integration.Tests.Functions;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace ActivityService.Integration.Tests.Operations;

/// <summary>The app's own OpenTelemetry pipeline, with an in-memory exporter added the way an OTLP exporter is.</summary>
public sealed class TelemetryTests
{
    private readonly List<Activity> _spans = [];
    private readonly List<LogRecord> _logs = [];

    [Fact]
    public async Task A_create_gives_a_server_span_a_child_storage_span_and_one_request_log_line_with_the_same_trace_id()
    {
        await using var server = await StartAsync();
        using var client = await server.ClientAsync("otel-" + Guid.NewGuid().ToString("N")[..12], "boss", "admin");
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/activities") { Content = JsonContent.Create(new { title = "Traced", user_id = "u1" }) };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var serverSpan = await EventuallyAsync(() => Spans(traceId).SingleOrDefault(span => span.Kind == ActivityKind.Server));
        Assert.Equal("POST", serverSpan.GetTagItem("http.request.method"));
        Assert.Equal("/api/activities", (serverSpan.GetTagItem("http.route") as string)?.TrimEnd('/'));
        var storageSpans = Spans(traceId).Where(span => span.Source.Name.StartsWith("Azure", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(storageSpans);
        Assert.All(storageSpans, span => Assert.True(DescendsFrom(span, serverSpan), $"{span.DisplayName} is not under the server span."));

        var line = Assert.Single(Logs(traceId), log => log.CategoryName == RequestLogging.Category);
        var attributes = line.Attributes!.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal("POST", attributes["Method"]);
        Assert.Equal("/api/activities", (attributes["Route"] as string)?.TrimEnd('/'));
        Assert.Equal(201, attributes["Status"]);
        Assert.Equal(traceId.ToHexString(), attributes["TraceId"]);
        Assert.DoesNotContain("Traced", line.FormattedMessage ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", string.Join(' ', attributes.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lifecycle_event_gives_a_span_carrying_its_message_id_with_its_storage_calls_under_it()
    {
        await using var server = await StartAsync();
        var messageId = "otel-msg-" + Guid.NewGuid().ToString("N")[..12];
        var body = $$$"""
            {"companyId":"otel-{{{Guid.NewGuid().ToString("N")[..12]}}}","eventType":"activityStarted","applicationId":"ofs-sync","time":"2026-01-15 10:30:00",
             "user":"dispatcher1","activityDetails":{"activityId":7,"resourceId":"tech-7","apptNumber":"A-1"},
             "activityChanges":{"status":"started"}}
            """;

        var result = await server.Services.GetRequiredService<EventProcessor>().ProcessAsync(new EventDelivery(messageId, 1, 1, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(EventApplyStatus.Applied, result.Status);
        var span = await EventuallyAsync(() => _spans.ToList().SingleOrDefault(span => (span.GetTagItem(EventTelemetry.MessageIdTag) as string) == messageId));
        Assert.Equal(EventTelemetry.SourceName, span.Source.Name);
        Assert.Equal("applied", span.GetTagItem(EventTelemetry.OutcomeTag));
        Assert.Contains(Spans(span.TraceId), child => child.Source.Name.StartsWith("Azure", StringComparison.Ordinal) && DescendsFrom(child, span));
    }

    [Fact]
    public async Task Under_the_functions_host_a_payload_mode_create_is_logged_once_as_the_api_request()
    {
        await using var server = await StartAsync("--Hosting:Mode=Functions");
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Json("""{"title":"Logged once"}""");
        var traceId = ActivityTraceId.CreateRandom();
        using var host = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/CreateActivity") { Content = new StringContent(invocation.ToJson(), Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await host.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await EventuallyAsync(() => Spans(traceId).SingleOrDefault(span => span.Kind == ActivityKind.Server));
        var line = Assert.Single(Logs(traceId), log => log.CategoryName == RequestLogging.Category);
        var attributes = line.Attributes!.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal("/api/activities", (attributes["Route"] as string)?.TrimEnd('/'));
        Assert.Equal(201, attributes["Status"]);
    }

    private Task<AppServer> StartAsync(string mode = "--Hosting:Mode=Standalone") =>
        AppServer.StartAsync(
            services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans));
                services.ConfigureOpenTelemetryLoggerProvider(logging => logging.AddInMemoryExporter(_logs));
            },
            $"--Logging:LogLevel:{RequestLogging.Category}=Information",
            mode);

    private List<Activity> Spans(ActivityTraceId traceId)
    {
        lock (_spans)
        {
            return _spans.Where(span => span.TraceId == traceId).ToList();
        }
    }

    private List<LogRecord> Logs(ActivityTraceId traceId)
    {
        lock (_logs)
        {
            return _logs.Where(log => log.TraceId == traceId).ToList();
        }
    }

    private bool DescendsFrom(Activity span, Activity ancestor)
    {
        var byId = Spans(span.TraceId).ToDictionary(candidate => candidate.SpanId);
        for (var current = span; current is not null; current = byId.GetValueOrDefault(current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Spans are exported when they end, which can be just after the client has its response.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        return probe() ?? throw new Xunit.Sdk.XunitException("Timed out waiting for telemetry.");
    }
}
