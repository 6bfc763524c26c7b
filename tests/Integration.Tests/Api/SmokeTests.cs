using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActivityService.Integration.Tests.Infrastructure;

namespace ActivityService.Integration.Tests.Api;

public sealed class SmokeTests
{
    [Fact]
    public async Task Admin_creates_and_user_lists_own_activity_over_http()
    {
        await using var server = await AppServer.StartAsync();
        using var admin = await server.ClientAsync("acme", "boss", "admin");
        using var user = await server.ClientAsync("acme", "u1", "staff");

        using var created = await admin.PostAsJsonAsync("/api/activities", new { title = "New order", user_id = "u1" });
        using var listed = await user.GetAsync("/api/me/activities");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var page = await listed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, page.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }
}
