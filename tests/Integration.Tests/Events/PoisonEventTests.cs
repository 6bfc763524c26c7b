using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.Hosting;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActivityService.Integration.Tests.Events;

/// <summary>
/// Contract §6 poison messages, end to end through the local queue: each category is stored with its raw
/// body and reason, shown only to the admins of the tenant it names, and never delivered again.
/// </summary>
public sealed class PoisonEventTests
{
    public static TheoryData<string, string, string?> Categories => new()
    {
        { "malformed JSON", "{not json", null },
        { "missing companyId", """{"eventType":"activityStarted","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1}}""", null },
        { "missing eventType", """{"companyId":"acme","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1}}""", "acme" },
        { "missing activityId", """{"companyId":"acme","eventType":"activityStarted","time":"2026-01-15 10:30:00","activityDetails":{}}""", "acme" },
        { "unknown eventType", """{"companyId":"acme","eventType":"activityTeleported","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1}}""", "acme" },
        { "status twice", """{"companyId":"acme","eventType":"activityUpdated","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1},"activityChanges":{"status":"started","status":"completed"}}""", "acme" },
        { "activityId twice", """{"companyId":"acme","eventType":"activityStarted","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1,"activityId":2}}""", "acme" },
        { "lone surrogate escape", """{"companyId":"acme","eventType":"activityUpdated","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1},"activityChanges":{"title":"Fix \ud800 boiler"}}""", "acme" },
        { "CJK activityId beyond the key limit", "{\"companyId\":\"acme\",\"eventType\":\"activityStarted\",\"time\":\"2026-01-15 10:30:00\",\"activityDetails\":{\"activityId\":\"" + new string('漢', 100) + "\"}}", "acme" },
        { "40,000-character user", "{\"companyId\":\"acme\",\"eventType\":\"activityStarted\",\"time\":\"2026-01-15 10:30:00\",\"user\":\"" + new string('u', 40_000) + "\",\"activityDetails\":{\"activityId\":1}}", "acme" },
        { "companyId twice", """{"companyId":"acme","companyId":"globex","eventType":"activityStarted","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1}}""", null },
    };

    [Fact]
    public async Task Invalid_utf8_is_rejected_once_and_kept_for_operators()
    {
        await using var server = await AppServer.StartAsync();
        using var queue = server.Anonymous();
        var body = Encoding.UTF8.GetBytes("""{"companyId":"acme","eventType":"activityUpdated","time":"2026-01-15 10:30:00","activityDetails":{"activityId":1},"activityChanges":{"title":"Fix XX"}}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xC3; // a lead byte followed by an ASCII byte: not UTF-8

        using var accepted = await queue.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/dev/events")
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
            Headers = { { "X-Message-Id", "poison-utf8" } },
        });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // No tenant can be read from bytes that are not text, so operators keep it.
        await WaitForRejectedAsync(server, "", "poison-utf8");
        var deadLetters = await queue.GetFromJsonAsync<JsonElement>("/api/dev/dead-letters");
        Assert.Empty(deadLetters.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task Poison_is_stored_shown_to_its_tenants_admins_only_and_not_retried(string category, string body, string? tenant)
    {
        await using var server = await AppServer.StartAsync();
        using var acmeAdmin = await server.ClientAsync("acme", "boss", "admin");
        using var acmeStaff = await server.ClientAsync("acme", "u1", "staff");
        using var otherAdmin = await server.ClientAsync("globex", "boss", "admin");
        using var queue = server.Anonymous();
        var messageId = "poison-" + category.Replace(' ', '-');

        using var accepted = await queue.SendAsync(Message(messageId, body));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var stored = await WaitForRejectedAsync(server, tenant ?? "", messageId);

        Assert.Equal(body, LargeText.Read(stored, "RawBody"));
        Assert.False(string.IsNullOrWhiteSpace(stored.GetString("Reason")));
        var acmeList = await acmeAdmin.GetFromJsonAsync<JsonElement>("/api/rejected-events");
        var shownToAcme = acmeList.GetProperty("data").EnumerateArray().Where(item => item.GetProperty("message_id").GetString() == messageId).ToList();
        Assert.Equal(tenant is null ? 0 : 1, shownToAcme.Count);
        if (tenant is not null)
        {
            Assert.Equal(body, shownToAcme[0].GetProperty("raw_body").GetString());
            Assert.Equal(stored.GetString("Reason"), shownToAcme[0].GetProperty("reason").GetString());
        }

        Assert.Empty((await otherAdmin.GetFromJsonAsync<JsonElement>("/api/rejected-events")).GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await acmeStaff.GetAsync("/api/rejected-events")).StatusCode);

        // Not retried: the same message again changes nothing, and nothing was dead-lettered.
        using var again = await queue.SendAsync(Message(messageId, body));
        await Task.Delay(300);
        Assert.Equal(1, await CountRejectedAsync(server, tenant ?? ""));
        var deadLetters = await queue.GetFromJsonAsync<JsonElement>("/api/dev/dead-letters");
        Assert.Empty(deadLetters.GetProperty("data").EnumerateArray());
    }

    private static HttpRequestMessage Message(string messageId, string body) =>
        new(HttpMethod.Post, "/api/dev/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "X-Message-Id", messageId } },
        };

    private static TableClient Table(AppServer server)
    {
        var options = server.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return Azurite.Client(options.TableName);
    }

    private static async Task<TableEntity> WaitForRejectedAsync(AppServer server, string partition, string messageId)
    {
        var table = Table(server);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await foreach (var page in table.QueryAsync($"PartitionKey eq '{partition}' and RowKey ge '{RowKeys.RejectedPrefix}' and RowKey lt 'r|~'"))
            {
                if (page.Values.FirstOrDefault(row => row.GetString("MessageId") == messageId) is { } row)
                {
                    return row;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The rejected message {messageId} was not stored within 10 s.");
    }

    private static async Task<int> CountRejectedAsync(AppServer server, string partition)
    {
        var count = 0;
        await foreach (var page in Table(server).QueryAsync($"PartitionKey eq '{partition}' and RowKey ge '{RowKeys.RejectedPrefix}' and RowKey lt 'r|~'"))
        {
            count += page.Values.Count;
        }

        return count;
    }
}
