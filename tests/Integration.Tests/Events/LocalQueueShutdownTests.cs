using System.Net;
using System.Text;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.Events;
using ActivityService.Functions.Hosting;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActivityService.Integration.Tests.Events;

/// <summary>Local mode on shutdown: stop accepting first, then drain what was accepted.</summary>
public sealed class LocalQueueShutdownTests
{
    [Fact]
    public async Task Once_stopping_the_dev_endpoint_answers_503_with_retry_after()
    {
        await using var server = await AppServer.StartAsync();
        using var queue = server.Anonymous();

        server.Services.GetRequiredService<LocalEventQueue>().StopAccepting();
        using var response = await queue.PostAsync("/api/dev/events", new StringContent(Body(1), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Every_accepted_message_is_processed_when_the_app_stops_within_its_shutdown_timeout()
    {
        const int Messages = 60;
        var server = await AppServer.StartAsync("--LocalQueue:Concurrency=1");
        var table = server.Services.GetRequiredService<IOptions<StorageOptions>>().Value.TableName;
        using (var queue = server.Anonymous())
        {
            // All at once, so most are still queued when the app is told to stop.
            var statuses = await Task.WhenAll(Enumerable.Range(1, Messages).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dev/events")
                {
                    Content = new StringContent(Body(i), Encoding.UTF8, "application/json"),
                    Headers = { { "X-Message-Id", "drain-" + i } },
                };
                using var accepted = await queue.SendAsync(request);
                return accepted.StatusCode;
            }));
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        }

        await server.DisposeAsync(); // stops the host right away: what is still queued must be drained

        var client = TableClient.FromConnectionString(Azurite.ConnectionString, table);
        var processed = 0;
        for (var i = 1; i <= Messages; i++)
        {
            processed += await client.GetEntityIfExistsAsync("acme", RowKeys.InboxMarker("drain-" + i)) is null ? 0 : 1;
        }

        Assert.Equal(Messages, processed);
    }

    private static string Body(int activityId) =>
        "{\"companyId\":\"acme\",\"eventType\":\"activityStarted\",\"time\":\"2026-01-15 10:30:00\",\"activityDetails\":{\"activityId\":" + activityId + "}}";
}
