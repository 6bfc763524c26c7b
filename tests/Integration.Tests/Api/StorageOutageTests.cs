using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ActivityService.Integration.Tests.Functions;
using ActivityService.Integration.Tests.Infrastructure;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Storage that does not answer (the connection to it cut) is a 503 the caller may retry, for reads and writes.</summary>
public sealed partial class StorageOutageTests
{
    [Fact]
    public async Task Unreachable_storage_answers_503_with_retry_after_for_a_read_and_a_write()
    {
        var azuritePort = int.Parse(TableEndpointPort().Match(Azurite.ConnectionString).Groups["port"].Value, CultureInfo.InvariantCulture);
        await using var proxy = new TcpProxy(azuritePort);
        var throughProxy = TableEndpointPort().Replace(Azurite.ConnectionString, "${prefix}" + proxy.Port.ToString(CultureInfo.InvariantCulture));
        await using var server = await AppServer.StartAsync("--Storage:ConnectionString=" + throughProxy);
        using var admin = await server.ClientAsync("co-outage", "boss", "admin");

        await proxy.StopAsync();
        using var read = await admin.GetAsync(Activities);
        using var write = await admin.SendRawAsync(HttpMethod.Post, Activities, """{"title":"during the outage"}""");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (read.StatusCode, write.StatusCode));
        Assert.NotNull(read.Headers.RetryAfter);
        Assert.NotNull(write.Headers.RetryAfter);
    }

    [GeneratedRegex(@"(?<prefix>TableEndpoint=https?://[^:/;]+:)(?<port>\d+)")]
    private static partial Regex TableEndpointPort();
}
