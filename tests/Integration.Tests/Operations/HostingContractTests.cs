using System.Net;
using System.Text.Json.Nodes;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.FunctionsHost;
using ActivityService.Integration.Tests.Functions;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActivityService.Integration.Tests.Operations;

/// <summary>The retention timer as the Functions host invokes it, and start-up with the exporters configured.</summary>
public sealed class HostingContractTests
{
    [Fact]
    public async Task The_retention_timer_invocation_runs_a_sweep_and_answers_a_successful_invocation()
    {
        await using var server = await AppServer.StartAsync("--Hosting:Mode=Functions");
        var table = server.Services.GetRequiredService<TableClient>();
        var company = FunctionsTestKit.NewCompany();
        await table.AddEntityAsync(new TableEntity(company, RowKeys.InboxMarker("ancient")) { ["Kind"] = "inbox", ["ProcessedAt"] = DateTimeOffset.UtcNow.AddDays(-8) });
        await table.AddEntityAsync(new TableEntity(company, RowKeys.InboxMarker("recent")) { ["Kind"] = "inbox", ["ProcessedAt"] = DateTimeOffset.UtcNow.AddDays(-6) });
        var invocation = new JsonObject
        {
            ["Data"] = new JsonObject { ["timer"] = new JsonObject { ["Schedule"] = new JsonObject { ["AdjustForDST"] = true }, ["IsPastDue"] = false } },
            ["Metadata"] = new JsonObject { ["sys"] = new JsonObject { ["MethodName"] = FunctionCatalog.Retention, ["UtcNow"] = DateTimeOffset.UtcNow.ToString("O") } },
        };

        using var host = server.Anonymous();
        var answer = (await InvocationAnswer.PostAsync(host, FunctionCatalog.Retention, invocation.ToJsonString())).AssertInvocationSucceeded();

        Assert.Empty(answer.Outputs);
        Assert.Contains("removed 0 idempotency keys, 1 inbox markers", answer.Root["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await table.GetEntityIfExistsAsync(company, RowKeys.InboxMarker("ancient")));
        Assert.NotNull(await table.GetEntityIfExistsAsync(company, RowKeys.InboxMarker("recent")));
    }

    [Fact]
    public async Task The_app_starts_and_serves_with_azure_monitor_and_otlp_export_configured()
    {
        await using var server = await AppServer.StartAsync(
            "--APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            "--OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9");
        using var client = server.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/ready")).StatusCode);
    }
}
