using System.Net;
using System.Text.Json;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Contract §5.6: GET /api/activity-message-types, the 140-row catalog, filterable by type and direction.</summary>
public sealed class CatalogApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Catalog = "/api/activity-message-types";

    [Fact]
    public async Task Catalog_has_140_complete_rows()
    {
        using var staff = await api.StaffAsync(ApiFixture.NewCompany(), "u1");

        var rows = await RowsAsync(staff, "");

        Assert.Equal(140, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(["activity_type", "direction", "meaning", "message_type"], row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.All(row.EnumerateObject(), field => Assert.False(string.IsNullOrWhiteSpace(field.Value.GetString())));
            Assert.Contains(row.GetProperty("direction").GetString(), new[] { "pivot_to_client", "client_to_pivot", "to_pivot", "to_client" });
        });
        Assert.Equal(140, rows.Select(row => (row.Text("activity_type"), row.Text("message_type"), row.Text("direction"))).Distinct().Count());
        Assert.Contains(rows, row => row.Text("activity_type") == "Meeting" && row.Text("message_type") == "schedule_invitation" && row.Text("direction") == "pivot_to_client");
    }

    [Fact]
    public async Task Activity_type_filter_returns_only_that_types_rows()
    {
        using var staff = await api.StaffAsync(ApiFixture.NewCompany(), "u1");
        var all = await RowsAsync(staff, "");

        var meetings = await RowsAsync(staff, "?activity_type=Meeting");

        Assert.NotEmpty(meetings);
        Assert.All(meetings, row => Assert.Equal("Meeting", row.Text("activity_type")));
        Assert.Equal(all.Count(row => row.Text("activity_type") == "Meeting"), meetings.Count);
    }

    [Theory]
    [InlineData("pivot_to_client")]
    [InlineData("client_to_pivot")]
    [InlineData("to_pivot")]
    [InlineData("to_client")]
    public async Task Direction_filter_returns_only_that_directions_rows(string direction)
    {
        using var staff = await api.StaffAsync(ApiFixture.NewCompany(), "u1");
        var all = await RowsAsync(staff, "");

        var rows = await RowsAsync(staff, "?direction=" + direction);

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(direction, row.Text("direction")));
        Assert.Equal(all.Count(row => row.Text("direction") == direction), rows.Count);
    }

    [Fact]
    public async Task Both_filters_apply_together()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var all = await RowsAsync(admin, "");

        var rows = await RowsAsync(admin, "?activity_type=General&direction=to_pivot");

        Assert.NotEmpty(rows);
        Assert.Equal(all.Count(row => row.Text("activity_type") == "General" && row.Text("direction") == "to_pivot"), rows.Count);
        Assert.All(rows, row => Assert.Equal(("General", "to_pivot"), (row.Text("activity_type"), row.Text("direction"))));
    }

    [Theory]
    [InlineData("?direction=sideways", "direction")]
    [InlineData("?direction=", "direction")]
    [InlineData("?colour=red", "colour")]
    public async Task Bad_query_is_400(string query, string parameter)
    {
        using var staff = await api.StaffAsync(ApiFixture.NewCompany(), "u1");

        using var response = await staff.GetAsync(Catalog + query);

        await ProblemAssert.IsValidationProblemAsync(response, parameter);
    }

    private static async Task<List<JsonElement>> RowsAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(Catalog + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["data"], body.EnumerateObject().Select(p => p.Name));
        return body.GetProperty("data").EnumerateArray().ToList();
    }
}
