using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// <c>ProcessActivityEvent</c> invoked as the host invokes a Service Bus trigger with <c>"dataType": "binary"</c>:
/// the body as base64, metadata values serialized one by one (MessageId JSON-encoded twice, DeliveryCount and
/// SequenceNumber as strings). Applied, duplicate and poison deliveries answer 200; a storage failure answers
/// non-2xx so that Service Bus redelivers and finally dead-letters the message.
/// </summary>
public sealed class ServiceBusPayloadContractTests(FunctionsModeFixture fixture) : IClassFixture<FunctionsModeFixture>
{
    [Fact]
    public async Task An_applied_event_answers_200_with_the_live_updates_as_the_signalr_output()
    {
        var company = FunctionsTestKit.NewCompany();
        var body = Started(company, 4455);

        var answer = await ProcessAsync(Invocation(body, "m-" + company, deliveryCount: 1, sequenceNumber: 42));

        Assert.Equal(["signalRMessages"], answer.Outputs.Select(output => output.Key));
        var activity = await SingleActivityAsync(company);
        Assert.Equal("4455", activity["external_id"]!.GetValue<string>());
        Assert.Equal("started", activity["status"]!.GetValue<string>());
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(
                HttpPayloadContractTests.Message("activityCreated", activity, userId: company + ":tech-7"),
                HttpPayloadContractTests.Message("activityCreated", activity, groupName: "admins:" + company),
                HttpPayloadContractTests.Message("unreadCount", new JsonObject { ["unread_count"] = 1, ["unseen_count"] = 1 }, userId: company + ":tech-7")),
            answer.SignalR);
        Assert.Contains(answer.Root["Logs"]!.AsArray(), log => log!.GetValue<string>().EndsWith("applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plain_metadata_and_a_body_encoded_twice_are_read_the_same()
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = FunctionsTestKit.Twice(Convert.ToBase64String(Started(company, 7))) },
            ["Metadata"] = new JsonObject { ["MessageId"] = "plain-" + company, ["DeliveryCount"] = 1, ["SequenceNumber"] = 5 },
        };

        var answer = await ProcessAsync(invocation.ToJsonString());

        Assert.Equal(3, answer.SignalR.Count);
        Assert.Equal("7", (await SingleActivityAsync(company))["external_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_redelivered_message_answers_200_and_pushes_nothing_the_second_time()
    {
        var company = FunctionsTestKit.NewCompany();
        var body = Started(company, 1);
        await ProcessAsync(Invocation(body, "dup-" + company, deliveryCount: 1, sequenceNumber: 9));

        var again = await ProcessAsync(Invocation(body, "dup-" + company, deliveryCount: 2, sequenceNumber: 9));

        Assert.Empty(again.SignalR);
        Assert.Contains(again.Root["Logs"]!.AsArray(), log => log!.GetValue<string>().EndsWith("duplicate", StringComparison.Ordinal));
        Assert.Single((await ListAsync(company, "/api/activities"))["data"]!.AsArray());
    }

    [Fact]
    public async Task A_poison_message_answers_200_so_it_is_not_retried_and_is_visible_to_the_tenants_admins()
    {
        var company = FunctionsTestKit.NewCompany();
        var body = Encoding.UTF8.GetBytes($$$"""{"companyId":"{{{company}}}","time":"2026-01-15 10:30:00","activityDetails":{"activityId":3}}""");

        var answer = await ProcessAsync(Invocation(body, "poison-" + company, deliveryCount: 1, sequenceNumber: 3));

        Assert.Empty(answer.SignalR);
        var rejected = Assert.Single((await ListAsync(company, "/api/rejected-events"))["data"]!.AsArray())!;
        Assert.Equal("poison-" + company, rejected["message_id"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetString(body), rejected["raw_body"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("status twice", "\"activityChanges\":{\"status\":\"started\",\"status\":\"completed\"}")]
    [InlineData("lone surrogate", "\"activityChanges\":{\"title\":\"Fix \\ud800\"}")]
    [InlineData("40,000-character user", "\"user\":\"USER40000\"")]
    public async Task Poison_that_used_to_be_retried_answers_200_once_and_is_listed_for_the_tenant(string category, string extra)
    {
        var company = FunctionsTestKit.NewCompany();
        var body = Encoding.UTF8.GetBytes(("{\"companyId\":\"" + company + "\",\"eventType\":\"activityUpdated\",\"time\":\"2026-01-15 10:30:00\",\"activityDetails\":{\"activityId\":3}," + extra + "}")
            .Replace("USER40000", new string('u', 40_000), StringComparison.Ordinal));

        var answer = await ProcessAsync(Invocation(body, "poison-" + company, deliveryCount: 1, sequenceNumber: 3));

        Assert.Empty(answer.SignalR);
        var rejected = Assert.Single((await ListAsync(company, "/api/rejected-events"))["data"]!.AsArray())!;
        Assert.Equal("poison-" + company, rejected["message_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(category));
    }

    [Fact]
    public async Task Malformed_json_without_a_tenant_answers_200()
    {
        var answer = await ProcessAsync(Invocation("{not json"u8.ToArray(), "malformed-" + Guid.NewGuid().ToString("N"), 1, 1));

        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task An_invocation_without_a_message_id_fails_with_a_json_body()
    {
        using var host = fixture.Host();
        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = Convert.ToBase64String(Started("x", 1)) },
            ["Metadata"] = new JsonObject { ["DeliveryCount"] = "1" },
        };

        var answer = await InvocationAnswer.PostAsync(host, "ProcessActivityEvent", invocation.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(400, answer.Root["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_fails_the_invocation_so_service_bus_redelivers()
    {
        var azuritePort = Azurite.Port;
        await using var proxy = new TcpProxy(azuritePort);
        var throughProxy = Azurite.ConnectionStringOnPort(proxy.Port);
        await using var server = await AppServer.StartAsync("--Hosting:Mode=Functions", "--Storage:ConnectionString=" + throughProxy);
        using var host = server.Anonymous();
        var company = FunctionsTestKit.NewCompany();

        await proxy.StopAsync();
        var answer = await InvocationAnswer.PostAsync(host, "ProcessActivityEvent", Invocation(Started(company, 1), "down-" + company, 1, 1));

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal(500, answer.Root["status"]!.GetValue<int>());
        Assert.DoesNotContain("127.0.0.1", answer.Text, StringComparison.Ordinal);
    }

    private static byte[] Started(string company, int activityId) => Encoding.UTF8.GetBytes($$$"""
        {"companyId":"{{{company}}}","eventType":"activityStarted","applicationId":"ofs-sync","time":"2026-01-15 10:30:00",
         "user":"dispatcher1","activityDetails":{"activityId":{{{activityId}}},"resourceId":"tech-7","apptNumber":"A-1"},
         "activityChanges":{"status":"started"}}
        """);

    /// <summary>A Service Bus invocation as the host sends it (values of Metadata serialized one by one).</summary>
    private static string Invocation(byte[] body, string messageId, int deliveryCount, long sequenceNumber) =>
        new JsonObject
        {
            ["Data"] = new JsonObject { ["message"] = Convert.ToBase64String(body) },
            ["Metadata"] = new JsonObject
            {
                ["MessageId"] = FunctionsTestKit.Twice(messageId),
                ["DeliveryCount"] = deliveryCount.ToString(CultureInfo.InvariantCulture),
                ["SequenceNumber"] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
                ["EnqueuedTimeUtc"] = "2026-01-15T10:30:01Z",
                ["ContentType"] = FunctionsTestKit.Twice("application/json"),
                ["CorrelationId"] = FunctionsTestKit.Twice(""),
                ["ApplicationProperties"] = new JsonObject(),
                ["UserProperties"] = new JsonObject(),
                ["sys"] = new JsonObject { ["MethodName"] = "ProcessActivityEvent", ["UtcNow"] = "2026-01-15T10:30:02Z", ["RandGuid"] = Guid.NewGuid().ToString() },
            },
        }.ToJsonString();

    private async Task<InvocationAnswer> ProcessAsync(string invocation)
    {
        using var host = fixture.Host();
        return (await InvocationAnswer.PostAsync(host, "ProcessActivityEvent", invocation)).AssertInvocationSucceeded();
    }

    private async Task<JsonNode> ListAsync(string company, string path)
    {
        using var admin = fixture.Host();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FunctionsTestKit.Token(company, "boss", "admin"));
        using var response = await admin.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return FunctionsTestKit.ParseNode(text);
    }

    private async Task<JsonNode> SingleActivityAsync(string company) =>
        Assert.Single((await ListAsync(company, "/api/activities"))["data"]!.AsArray())!;
}
