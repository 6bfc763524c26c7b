using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>The real app on Kestrel in Functions mode (no dev routes, no hub; payload-mode routes mapped).</summary>
public sealed class FunctionsModeFixture : IAsyncLifetime
{
    private AppServer? _server;

    public AppServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>A client as the Functions host is one: it posts invocations and forwards requests.</summary>
    public HttpClient Host() => Server.Anonymous();

    public async Task InitializeAsync() => _server = await AppServer.StartAsync("--Hosting:Mode=Functions");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
