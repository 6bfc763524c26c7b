using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ActivityService.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ActivityService.Integration.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (127.0.0.1, a free port) in standalone mode, on its own Azurite table.
/// Tests talk to it over HTTP exactly as a client would.
/// </summary>
public sealed class AppServer : IAsyncDisposable
{
    public const string SigningKey = "integration-test-signing-key--at-least-32-bytes";

    private readonly WebApplication _app;

    private AppServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<AppServer> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <param name="configureServices">Added after the app's own registrations, e.g. telemetry exporters.</param>
    public static async Task<AppServer> StartAsync(Action<IServiceCollection>? configureServices, params string[] extraArgs)
    {
        var table = "api" + Guid.NewGuid().ToString("N")[..20];
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Hosting:Mode=Standalone",
            $"--Storage:ConnectionString={Azurite.ConnectionString}",
            $"--Storage:TableName={table}",
            "--Storage:StrictAzureLimits=true",
            $"--Auth:SigningKey={SigningKey}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = ActivityServiceApp.Build(args, configureServices);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AppServer(app, new Uri(address));
    }

    /// <summary>An HTTP client with no identity.</summary>
    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    /// <summary>An HTTP client carrying a dev token for the given identity.</summary>
    public async Task<HttpClient> ClientAsync(string companyId, string userId, string role)
    {
        using var anonymous = Anonymous();
        using var response = await anonymous.PostAsJsonAsync("/api/dev/token", new { company_id = companyId, user_id = userId, role });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
