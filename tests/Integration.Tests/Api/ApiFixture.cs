using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// One running app shared by the tests of a class. Tests stay independent by working in their own
/// company (<see cref="NewCompany"/>), so they never see each other's activities.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private AppServer? _server;

    public AppServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>A company id no other test uses.</summary>
    public static string NewCompany(string prefix = "co") => prefix + "-" + Guid.NewGuid().ToString("N")[..16];

    public Task<HttpClient> AdminAsync(string companyId, string userId = "boss") => Server.ClientAsync(companyId, userId, "admin");

    public Task<HttpClient> StaffAsync(string companyId, string userId) => Server.ClientAsync(companyId, userId, "staff");

    public HttpClient Anonymous() => Server.Anonymous();

    public virtual async Task InitializeAsync() => _server = await AppServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
