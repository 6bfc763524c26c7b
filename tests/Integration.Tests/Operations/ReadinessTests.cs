using System.Net;
using System.Text.Json;
using ActivityService.Core.Storage.Tables;
using ActivityService.Integration.Tests.Functions;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ActivityService.Integration.Tests.Operations;

/// <summary>Liveness stays cheap; readiness follows storage: 503 while it is unreachable, 200 once it is back.</summary>
public sealed class ReadinessTests
{
    [Theory]
    [InlineData("Standalone")]
    [InlineData("Functions")]
    public async Task Readiness_is_503_while_storage_is_unreachable_and_200_after_it_returns(string mode)
    {
        var azuritePort = Azurite.Port;
        var proxy = new TcpProxy(azuritePort);
        var throughProxy = Azurite.ConnectionStringOnPort(proxy.Port);
        await using var server = await AppServer.StartAsync("--Hosting:Mode=" + mode, "--Storage:ConnectionString=" + throughProxy);
        using var client = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/ready")).StatusCode);

        await proxy.DisposeAsync();
        using (var down = await client.GetAsync("/api/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
            Assert.DoesNotContain("127.0.0.1", problem.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);

        await using var back = new TcpProxy(azuritePort, proxy.Port);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Readiness_is_503_when_the_table_is_missing()
    {
        await using var server = await AppServer.StartAsync();
        using var client = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health/ready")).StatusCode);

        await server.Services.GetRequiredService<TableClient>().DeleteTableAsync();

        using var response = await client.GetAsync("/api/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("table does not exist", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
