using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>The success paths of every contract §5 route that exists: status, body, ETag, Location.</summary>
public sealed class ActivityCrudTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly object FullBody = new
    {
        user_id = "u1",
        contact_id = "c-1",
        visitor_id = "v-1",
        customer_id = "k-1",
        relation_type = "product",
        relation_id = "33333",
        activity_type = "Meeting",
        message_type = "schedule_invitation",
        direction = "pivot_to_client",
        title = "New order placed",
        description = "Jane Smith placed an order for $150.00",
        formatted_description = "<strong>Jane Smith</strong> placed an order for $150.00",
        slug = "order_placed",
        status = "pending",
        scheduled_date = "2026-01-20",
        external_id = "4455",
        appt_number = "A-1",
        customer_number = "C-9",
        properties = new { color = "red", count = 3, vip = true },
    };

    [Fact]
    public async Task Create_returns_201_with_location_etag_and_every_field()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);

        using var response = await admin.PostActivityAsync(FullBody);

        var activity = await ActivityAssert.IsActivityResponseAsync(response, HttpStatusCode.Created);
        Assert.EndsWith("/api/activities/" + activity.Id(), response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(ApiRequests.ETagOf(1), response.Headers.ETag!.Tag);
        Assert.Equal(company, activity.Text("company_id"));
        Assert.Equal("u1", activity.Text("user_id"));
        Assert.Equal("c-1", activity.Text("contact_id"));
        Assert.Equal("v-1", activity.Text("visitor_id"));
        Assert.Equal("k-1", activity.Text("customer_id"));
        Assert.Equal("product", activity.Text("relation_type"));
        Assert.Equal("33333", activity.Text("relation_id"));
        Assert.Equal("Meeting", activity.Text("activity_type"));
        Assert.Equal("schedule_invitation", activity.Text("message_type"));
        Assert.Equal("pivot_to_client", activity.Text("direction"));
        Assert.Equal("New order placed", activity.Text("title"));
        Assert.Equal("Jane Smith placed an order for $150.00", activity.Text("description"));
        Assert.Equal("<strong>Jane Smith</strong> placed an order for $150.00", activity.Text("formatted_description"));
        Assert.Equal("order_placed", activity.Text("slug"));
        Assert.Equal("pending", activity.Text("status"));
        Assert.Equal("2026-01-20", activity.Text("scheduled_date"));
        Assert.Equal("4455", activity.Text("external_id"));
        Assert.Equal("A-1", activity.Text("appt_number"));
        Assert.Equal("C-9", activity.Text("customer_number"));
        var properties = activity.GetProperty("properties");
        Assert.Equal("red", properties.GetProperty("color").GetString());
        Assert.Equal(3, properties.GetProperty("count").GetInt32());
        Assert.True(properties.GetProperty("vip").GetBoolean());
        Assert.Equal(JsonValueKind.Null, activity.GetProperty("read_at").ValueKind);
        Assert.Equal(1, activity.Version());
        Assert.Equal(activity.Text("created_at"), activity.Text("updated_at"));
        Assert.InRange(activity.Time("created_at"), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Create_with_only_a_title_leaves_every_other_field_null()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        var activity = await admin.CreateActivityAsync(new { title = "Note" });

        foreach (var field in ActivityAssert.Fields.Except(["id", "company_id", "title", "properties", "created_at", "updated_at", "version"]))
        {
            Assert.True(activity.GetProperty(field).ValueKind == JsonValueKind.Null, $"{field} should be null: {activity}");
        }

        Assert.Empty(activity.GetProperty("properties").EnumerateObject());
    }

    [Fact]
    public async Task Get_at_the_location_returns_the_created_activity_with_its_etag()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        using var created = await admin.PostActivityAsync(FullBody);
        var createdText = await created.Content.ReadAsStringAsync();

        using var response = await admin.GetAsync(created.Headers.Location);

        var activity = await ActivityAssert.IsActivityResponseAsync(response);
        Assert.Equal(createdText, activity.GetRawText());
    }

    [Fact]
    public async Task Successive_creates_get_distinct_ids()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        var first = await admin.CreateActivityAsync(new { title = "one" });
        var second = await admin.CreateActivityAsync(new { title = "two" });

        Assert.NotEqual(first.Id(), second.Id());
    }

    [Fact]
    public async Task Create_stores_formatted_description_sanitized()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        var activity = await admin.CreateActivityAsync(new
        {
            title = "Markup",
            formatted_description = "<p onclick=\"x()\">Hi <script>alert(1)</script><a href=\"javascript:alert(2)\">link</a> <b>bold</b></p>",
        });

        var stored = activity.Text("formatted_description")!;
        Assert.DoesNotContain("<script", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onclick", stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<b>bold</b>", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_changes_the_field_bumps_version_and_etag_and_keeps_created_at()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job", status = "pending" });
        await Task.Delay(5);

        using var response = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { status = "started" });

        var patched = await ActivityAssert.IsActivityResponseAsync(response);
        Assert.Equal("started", patched.Text("status"));
        Assert.Equal("Job", patched.Text("title"));
        Assert.Equal(2, patched.Version());
        Assert.Equal(ApiRequests.ETagOf(2), response.Headers.ETag!.Tag);
        Assert.Equal(created.Text("created_at"), patched.Text("created_at"));
        Assert.True(patched.Time("updated_at") > created.Time("updated_at"));
        var fetched = await admin.GetJsonAsync(Activities + "/" + created.Id());
        Assert.Equal(patched.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task Patch_with_the_current_etag_in_if_match_succeeds()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job" });

        using var response = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "Job 2" }, ifMatch: ApiRequests.ETagOf(1));

        var patched = await ActivityAssert.IsActivityResponseAsync(response);
        Assert.Equal("Job 2", patched.Text("title"));
    }

    [Fact]
    public async Task Patch_accepts_application_json_as_well_as_merge_patch()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Job" });

        using var response = await admin.SendRawAsync(HttpMethod.Patch, Activities + "/" + created.Id(), """{"title":"Job 2"}""", "application/json");

        Assert.Equal("Job 2", (await ActivityAssert.IsActivityResponseAsync(response)).Text("title"));
    }

    [Fact]
    public async Task Delete_returns_204_and_the_activity_is_gone_from_get_and_list()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var kept = await admin.CreateActivityAsync(new { title = "Kept" });
        var doomed = await admin.CreateActivityAsync(new { title = "Doomed" });

        using var response = await admin.DeleteAtAsync(Activities + "/" + doomed.Id());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        using var get = await admin.GetAsync(Activities + "/" + doomed.Id());
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        Assert.Equal([kept.Id()], await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Delete_with_the_current_etag_in_if_match_succeeds()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "Doomed" });

        using var response = await admin.DeleteAtAsync(Activities + "/" + created.Id(), ApiRequests.ETagOf(1));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task History_lists_created_updated_and_deleted_oldest_first_even_after_delete()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany(), "boss");
        var created = await admin.CreateActivityAsync(new { title = "Job", status = "pending" });
        using (var patch = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { status = "started" }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using (var delete = await admin.DeleteAtAsync(Activities + "/" + created.Id()))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var page = await admin.GetJsonAsync(Activities + "/" + created.Id() + "/history");

        var entries = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["created", "updated", "deleted"], entries.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
        foreach (var entry in entries)
        {
            Assert.Equal(created.Id(), entry.GetProperty("activity_id").GetString());
            Assert.Equal("api", entry.GetProperty("source").GetString());
            Assert.Equal("boss", entry.GetProperty("actor").GetProperty("user_id").GetString());
            ActivityAssert.IsTime(entry.GetProperty("occurred_at").GetString());
            ActivityAssert.IsTime(entry.GetProperty("recorded_at").GetString());
        }

        var change = Assert.Single(entries[1].GetProperty("changes").EnumerateArray());
        Assert.Equal("status", change.GetProperty("field").GetString());
        Assert.Equal("pending", change.GetProperty("previous").GetString());
        Assert.Equal("started", change.GetProperty("current").GetString());
    }

    [Fact]
    public async Task History_pages_with_limit_and_cursor()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "v1" });
        for (var version = 2; version <= 3; version++)
        {
            using var patch = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "v" + version });
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var history = Activities + "/" + created.Id() + "/history";
        var (first, cursor) = await admin.PageAsync(history + "?limit=2");
        var (second, end) = await admin.PageAsync(history + "?limit=2&cursor=" + Uri.EscapeDataString(cursor!));

        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.Null(end);
        Assert.Equal(["created", "updated", "updated"], first.Concat(second).Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(3, first.Concat(second).Select(e => e.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Me_get_returns_own_activity_with_its_etag()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "Yours", user_id = "u1" });

        using var response = await user.GetAsync(MyActivities + "/" + created.Id());

        var activity = await ActivityAssert.IsActivityResponseAsync(response);
        Assert.Equal(created.GetRawText(), activity.GetRawText());
    }

    [Fact]
    public async Task Me_list_returns_own_activities_newest_first()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        var older = await admin.CreateActivityAsync(new { title = "older", user_id = "u1" });
        await admin.CreateActivityAsync(new { title = "someone else's", user_id = "u2" });
        var newer = await admin.CreateActivityAsync(new { title = "newer", user_id = "u1" });

        var page = await user.GetJsonAsync(MyActivities);

        var items = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([newer.Id(), older.Id()], items.Select(ApiRequests.Id));
        items.ForEach(ActivityAssert.IsActivity);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task Me_delete_archives_the_activity_out_of_the_users_feed_and_counts()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        var kept = await admin.CreateActivityAsync(new { title = "kept", user_id = "u1" });
        var dismissed = await admin.CreateActivityAsync(new { title = "dismissed", user_id = "u1" });

        using var response = await user.DeleteAtAsync(MyActivities + "/" + dismissed.Id());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var archived = await user.GetJsonAsync(MyActivities + "/" + dismissed.Id());
        Assert.NotEqual(JsonValueKind.Null, archived.GetProperty("archived_at").ValueKind);
        Assert.Equal([kept.Id()], await user.IdsAsync(MyActivities));
        Assert.Equal([dismissed.Id()], await user.IdsAsync(MyActivities, "archived=only"));
        Assert.Equal(1, await user.UnreadCountAsync());

        // Nothing is deleted: the company feed still has it, and only an admin deletes.
        Assert.Contains(dismissed.Id(), await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Me_history_returns_the_entries_of_an_own_activity()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "Yours", user_id = "u1" });
        using (var read = await user.PatchJsonAsync(MyActivities + "/" + created.Id(), new { read_at = "2026-01-15T10:30:00.123Z" }))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var page = await user.GetJsonAsync(MyActivities + "/" + created.Id() + "/history");

        var entries = page.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["created", "updated"], entries.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal("u1", entries[1].GetProperty("actor").GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task Me_history_of_a_dismissed_activity_is_still_readable_by_its_user()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "Yours", user_id = "u1" });
        using (var dismiss = await user.DeleteAtAsync(MyActivities + "/" + created.Id()))
        {
            Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        }

        var entries = await user.ListAllAsync(MyActivities + "/" + created.Id() + "/history");

        Assert.Equal(["created", "updated"], entries.Select(e => e.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Staff_may_use_every_me_route()
    {
        var company = ApiFixture.NewCompany();
        using var staff = await api.StaffAsync(company, "u1");

        Assert.Equal(0, await staff.UnreadCountAsync());
        Assert.Empty(await staff.IdsAsync(MyActivities));
        using var markRead = await staff.PostAsync(MarkRead, null);
        Assert.Equal(HttpStatusCode.OK, markRead.StatusCode);
    }

    [Fact]
    public async Task Health_is_anonymous_and_ok()
    {
        using var anonymous = api.Anonymous();

        using var response = await anonymous.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_is_anonymous_json()
    {
        using var anonymous = api.Anonymous();

        using var response = await anonymous.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = await response.ReadJsonAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, document.GetProperty("paths").ValueKind);
    }

    [Fact]
    public async Task Dev_token_is_issued_anonymously_and_authenticates_its_identity()
    {
        var company = ApiFixture.NewCompany();
        using var anonymous = api.Anonymous();

        using var response = await anonymous.PostAsJsonAsync("/api/dev/token", new { company_id = company, user_id = "u1", role = "admin" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.ReadJsonAsync()).GetProperty("token").GetString()!;
        using var client = Tokens.Client(api, token);
        var activity = await client.CreateActivityAsync(new { title = "with dev token" });
        Assert.Equal(company, activity.Text("company_id"));
    }

    [Theory]
    [InlineData("""{"company_id":"acme","user_id":"u1","role":"owner"}""", "role")]
    [InlineData("""{"company_id":"acme","role":"admin"}""", "user_id")]
    [InlineData("""{"company_id":"a/b","user_id":"u1","role":"admin"}""", "company_id")]
    public async Task Dev_token_with_a_bad_identity_is_400(string body, string field)
    {
        using var anonymous = api.Anonymous();

        using var response = await anonymous.SendRawAsync(HttpMethod.Post, "/api/dev/token", body);

        await ProblemAssert.IsValidationProblemAsync(response, field);
    }
}
