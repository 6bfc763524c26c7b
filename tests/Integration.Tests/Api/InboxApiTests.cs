using System.Net;
using System.Text.Json;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Contract §10 through HTTP: seen vs read, archive, bulk updates and preferences.</summary>
public sealed class InboxApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string MarkSeen = "/api/me/activities/mark-seen";
    private const string Bulk = "/api/me/activities/bulk";
    private const string Preferences = "/api/me/preferences";

    [Fact]
    public async Task Mark_seen_clears_the_unseen_count_but_not_the_unread_count()
    {
        var (admin, user) = await UsersAsync();
        var first = await admin.CreateActivityAsync(new { title = "one", user_id = "u1" });
        await admin.CreateActivityAsync(new { title = "two", user_id = "u1" });
        Assert.Equal((2, 2), await CountsAsync(user));

        using var response = await user.SendRawAsync(HttpMethod.Post, MarkSeen, null, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"unread_count":2,"unseen_count":0}""", await response.Content.ReadAsStringAsync());
        Assert.NotEqual(JsonValueKind.Null, (await user.GetJsonAsync(MyActivities + "/" + first.Id())).GetProperty("seen_at").ValueKind);
        await admin.CreateActivityAsync(new { title = "later", user_id = "u1" });
        Assert.Equal((3, 1), await CountsAsync(user));
        Assert.Equal(["later"], await TitlesListAsync(user, "seen=false"));
        Assert.Equal(2, (await user.IdsAsync(MyActivities, "seen=true")).Count);
    }

    [Fact]
    public async Task Reading_an_item_marks_it_seen_and_unreading_keeps_it_seen()
    {
        var (admin, user) = await UsersAsync();
        var created = await admin.CreateActivityAsync(new { title = "one", user_id = "u1" });

        using (var read = await user.PatchJsonAsync(MyActivities + "/" + created.Id(), new { read_at = "2026-01-15T10:30:00Z" }))
        {
            var body = await read.ReadJsonAsync();
            Assert.Equal("2026-01-15T10:30:00.000Z", body.Text("seen_at"));
        }

        Assert.Equal((0, 0), await CountsAsync(user));
        using (await user.PatchJsonAsync(MyActivities + "/" + created.Id(), new { read_at = (string?)null }))
        {
        }

        Assert.Equal((1, 0), await CountsAsync(user));
    }

    [Fact]
    public async Task Archived_activities_leave_the_feed_and_counts_and_come_back_on_request()
    {
        var (admin, user) = await UsersAsync();
        var kept = await admin.CreateActivityAsync(new { title = "kept", user_id = "u1" });
        var archived = await admin.CreateActivityAsync(new { title = "archived", user_id = "u1" });

        using (var patch = await user.PatchJsonAsync(MyActivities + "/" + archived.Id(), new { archived_at = "2026-01-15T10:30:00Z" }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        Assert.Equal((1, 1), await CountsAsync(user));
        Assert.Equal([kept.Id()], await user.IdsAsync(MyActivities));
        Assert.Equal([archived.Id()], await user.IdsAsync(MyActivities, "archived=only"));
        Assert.Equal(2, (await user.IdsAsync(MyActivities, "archived=include")).Count);
        Assert.Equal(2, (await admin.IdsAsync(Activities)).Count);

        using (var unarchive = await user.PatchJsonAsync(MyActivities + "/" + archived.Id(), new { archived_at = (string?)null }))
        {
            Assert.Equal(HttpStatusCode.OK, unarchive.StatusCode);
        }

        Assert.Equal((2, 2), await CountsAsync(user));
        var history = await user.ListAllAsync(MyActivities + "/" + archived.Id() + "/history");
        Assert.Equal(["created", "updated", "updated"], history.Select(e => e.GetProperty("event").GetString()));
        Assert.All(history.Skip(1), e => Assert.Equal("api", e.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Me_delete_archives_and_a_retry_is_harmless_and_admins_still_delete()
    {
        var (admin, user) = await UsersAsync();
        var created = await admin.CreateActivityAsync(new { title = "one", user_id = "u1" });

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await user.DeleteAtAsync(MyActivities + "/" + created.Id());
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal(2, (await user.GetJsonAsync(MyActivities + "/" + created.Id())).Version());
        Assert.Equal((0, 0), await CountsAsync(user));
        using var delete = await admin.DeleteAtAsync(Activities + "/" + created.Id());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await user.GetAsync(MyActivities + "/" + created.Id());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Company_routes_refuse_the_owner_only_fields()
    {
        var (admin, _) = await UsersAsync();
        using var create = await admin.PostActivityAsync(new { title = "one", user_id = "u1", seen_at = "2026-01-15T10:30:00Z" });
        await ProblemAssert.IsValidationProblemAsync(create, "seen_at");
        var created = await admin.CreateActivityAsync(new { title = "one", user_id = "u1" });
        using var patch = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { archived_at = "2026-01-15T10:30:00Z" });
        await ProblemAssert.IsValidationProblemAsync(patch, "archived_at");
    }

    [Fact]
    public async Task Bulk_reports_each_item_and_keeps_the_counts_exact()
    {
        var (admin, user) = await UsersAsync();
        var a = await admin.CreateActivityAsync(new { title = "a", user_id = "u1" });
        var b = await admin.CreateActivityAsync(new { title = "b", user_id = "u1" });
        var c = await admin.CreateActivityAsync(new { title = "c", user_id = "u1" });
        var foreign = await admin.CreateActivityAsync(new { title = "u2's", user_id = "u2" });

        var body = new Dictionary<string, object>
        {
            ["ids"] = new[] { a.Id(), b.Id(), c.Id(), foreign.Id() },
            ["set"] = new { read_at = "2026-01-15T10:30:00Z" },
            ["versions"] = new Dictionary<string, long> { [b.Id()] = 7 },
        };
        using var response = await user.SendRawAsync(HttpMethod.Post, Bulk, JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("id").GetString(), r.GetProperty("status").GetInt32(), r.GetProperty("version").ValueKind == JsonValueKind.Null ? (long?)null : r.GetProperty("version").GetInt64()))
            .ToList();
        Assert.Equal([(a.Id(), 200, 2L), (b.Id(), 412, 1L), (c.Id(), 200, 2L), (foreign.Id(), 404, null)], results);
        Assert.Equal((1, 1), await CountsAsync(user));

        // A retry changes nothing more.
        using var retry = await user.SendRawAsync(HttpMethod.Post, Bulk, JsonSerializer.Serialize(new { ids = new[] { a.Id() }, set = new { read_at = "2026-01-15T10:30:00Z" } }));
        Assert.Equal(2, (await retry.ReadJsonAsync()).GetProperty("results")[0].GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("""{"ids":["x","x"],"set":{"read_at":null}}""", "ids")]
    [InlineData("""{"ids":[],"set":{"read_at":null}}""", "ids")]
    [InlineData("""{"ids":["x"],"set":{"title":"no"}}""", "set.title")]
    [InlineData("""{"ids":["x"],"set":{}}""", "set")]
    [InlineData("""{"ids":["x"],"set":{"seen_at":"yesterday"}}""", "set.seen_at")]
    [InlineData("""{"ids":["x"],"set":{"read_at":null},"versions":{"y":1}}""", "versions")]
    [InlineData("""{"ids":["x"],"set":{"read_at":null},"extra":1}""", "extra")]
    public async Task Bad_bulk_requests_are_400_and_change_nothing(string body, string field)
    {
        var (_, user) = await UsersAsync();
        using var response = await user.SendRawAsync(HttpMethod.Post, Bulk, body);
        await ProblemAssert.IsValidationProblemAsync(response, field);
    }

    [Fact]
    public async Task Bulk_of_more_than_100_ids_is_a_400()
    {
        var (_, user) = await UsersAsync();
        var ids = Enumerable.Range(0, 101).Select(i => "id" + i).ToArray();
        using var response = await user.SendRawAsync(HttpMethod.Post, Bulk, JsonSerializer.Serialize(new { ids, set = new { read_at = (string?)null } }));
        await ProblemAssert.IsValidationProblemAsync(response, "ids");
    }

    [Fact]
    public async Task Preferences_default_round_trip_and_muted_activities_arrive_seen()
    {
        var (admin, user) = await UsersAsync();
        Assert.Equal("""{"muted":[],"push":true}""", (await user.GetJsonAsync(Preferences)).GetRawText());

        using (var put = await user.SendRawAsync(HttpMethod.Put, Preferences, """{"muted":[{"activity_type":"Task"},{"activity_type":"Meeting","message_type":"schedule_invitation"}],"push":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(2, (await user.GetJsonAsync(Preferences)).GetProperty("muted").GetArrayLength());
        var muted = await admin.CreateActivityAsync(new { title = "muted", user_id = "u1", activity_type = "Task" });
        var loud = await admin.CreateActivityAsync(new { title = "loud", user_id = "u1", activity_type = "Call" });

        Assert.NotEqual(JsonValueKind.Null, muted.GetProperty("seen_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, loud.GetProperty("seen_at").ValueKind);
        Assert.Equal((2, 1), await CountsAsync(user));
        Assert.Equal(2, (await user.IdsAsync(MyActivities)).Count);
    }

    [Theory]
    [InlineData("""{"muted":[{"activity_type":"1bad"}]}""", "muted[0].activity_type")]
    [InlineData("""{"muted":[{"activity_type":"Meeting","message_type":"no_such_type"}]}""", "muted[0].message_type")]
    [InlineData("""{"muted":[{"activity_type":"Task","color":"red"}]}""", "muted[0].color")]
    [InlineData("""{"muted":{}}""", "muted")]
    [InlineData("""{"push":"yes"}""", "push")]
    [InlineData("""{"mute":[]}""", "mute")]
    public async Task Bad_preferences_are_400_and_change_nothing(string body, string field)
    {
        var (_, user) = await UsersAsync();
        using var response = await user.SendRawAsync(HttpMethod.Put, Preferences, body);
        await ProblemAssert.IsValidationProblemAsync(response, field);
        Assert.Equal("""{"muted":[],"push":true}""", (await user.GetJsonAsync(Preferences)).GetRawText());
    }

    [Fact]
    public async Task More_than_100_rules_is_a_400()
    {
        var (_, user) = await UsersAsync();
        var rules = Enumerable.Range(0, 101).Select(i => new { activity_type = "Type" + i }).ToArray();
        using var response = await user.SendRawAsync(HttpMethod.Put, Preferences, JsonSerializer.Serialize(new { muted = rules }));
        await ProblemAssert.IsValidationProblemAsync(response, "muted");
    }

    private async Task<(HttpClient Admin, HttpClient User)> UsersAsync()
    {
        var company = ApiFixture.NewCompany();
        return (await api.AdminAsync(company), await api.StaffAsync(company, "u1"));
    }

    private static async Task<(int Unread, int Unseen)> CountsAsync(HttpClient user)
    {
        var counts = await user.GetJsonAsync(UnreadCount);
        return (counts.GetProperty("unread_count").GetInt32(), counts.GetProperty("unseen_count").GetInt32());
    }

    private static async Task<List<string>> TitlesListAsync(HttpClient user, string query) =>
        (await user.ListAllAsync(MyActivities, query)).Select(item => item.GetProperty("title").GetString()!).ToList();
}
