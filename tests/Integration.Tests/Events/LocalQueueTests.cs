using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.Events;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActivityService.Integration.Tests.Events;

/// <summary>The local stand-in for Service Bus: delivery, redelivery, dead-lettering and back-pressure.</summary>
public sealed class LocalQueueTests
{
    private const string Started = """
        {"companyId":"acme","eventType":"activityStarted","time":"2026-01-15 10:30:00","activityDetails":{"activityId":4455,"resourceId":"u1"}}
        """;

    [Fact]
    public async Task Event_posted_to_the_dev_endpoint_becomes_an_activity_with_history()
    {
        await using var server = await AppServer.StartAsync();
        using var queue = server.Anonymous();
        using var admin = await server.ClientAsync("acme", "boss", "admin");

        using var response = await queue.PostAsync("/api/dev/events", new StringContent(Started, Encoding.UTF8, "application/json"));
        var activity = await WaitForAsync(async () =>
            (await admin.GetFromJsonAsync<JsonElement>("/api/activities")).GetProperty("data").EnumerateArray().FirstOrDefault());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("started", activity.GetProperty("status").GetString());
        Assert.Equal("4455", activity.GetProperty("external_id").GetString());
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/activities/{activity.GetProperty("id").GetString()}/history");
        var entry = history.GetProperty("data")[0];
        Assert.Equal(("event", "activityStarted"), (entry.GetProperty("source").GetString(), entry.GetProperty("source_event").GetString()));
    }

    [Fact]
    public async Task Message_failing_every_delivery_is_dead_lettered_after_the_maximum()
    {
        await using var server = await AppServer.StartAsync("--LocalQueue:MaxDeliveries=3", "--LocalQueue:RetryDelayMilliseconds=10");

        // Drop the table under the running app: every delivery now fails as storage does in an outage.
        var options = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ActivityService.Functions.Hosting.StorageOptions>>().Value;
        await Azurite.Client(options.TableName).DeleteTableAsync();
        using var queue = server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dev/events") { Content = new StringContent(Started), Headers = { { "X-Message-Id", "doomed" } } };
        await queue.SendAsync(request);

        var dead = await WaitForAsync(async () =>
            (await queue.GetFromJsonAsync<JsonElement>("/api/dev/dead-letters")).GetProperty("data").EnumerateArray().FirstOrDefault());

        Assert.Equal("doomed", dead.GetProperty("message_id").GetString());
        Assert.Equal(3, dead.GetProperty("delivery_count").GetInt32());
    }

    [Fact]
    public async Task Full_queue_answers_503_with_retry_after()
    {
        await using var server = await AppServer.StartAsync("--LocalQueue:Capacity=1", "--LocalQueue:Concurrency=1");
        var localQueue = server.Services.GetRequiredService<LocalEventQueue>();
        using var queue = server.Anonymous();

        // 100 posts at once against a backlog of one and a single worker: most must be refused.
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => queue.PostAsync("/api/dev/events", new StringContent(Started))));
        var refused = responses.FirstOrDefault(response => response.StatusCode == HttpStatusCode.ServiceUnavailable);

        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(1, localQueue.Options.Capacity);
        Assert.All(responses, response => Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> probe)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var value = await probe();
            if (value.ValueKind != JsonValueKind.Undefined)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The expected result did not appear within 10 s.");
    }
}
