using System.Net;
using System.Text.Json;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// Contract §2: another tenant's activity is indistinguishable from a missing one (404, never 403), and a
/// user reaches only their own activities on /me routes. Each test checks afterwards that nothing changed.
/// </summary>
public sealed class TenantIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string SecretTitle = "Secret of tenant A";

    public static TheoryData<string, string> CompanyRoutes => new()
    {
        { "GET", Activities + "/{id}" },
        { "PATCH", Activities + "/{id}" },
        { "DELETE", Activities + "/{id}" },
        { "GET", Activities + "/{id}/history" },
    };

    public static TheoryData<string, string> OwnRoutes => new()
    {
        { "GET", MyActivities + "/{id}" },
        { "PATCH", MyActivities + "/{id}" },
        { "DELETE", MyActivities + "/{id}" },
        { "GET", MyActivities + "/{id}/history" },
    };

    [Theory]
    [MemberData(nameof(CompanyRoutes))]
    public async Task Another_tenants_admin_gets_404_on_company_routes_and_changes_nothing(string method, string template)
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var intruder = await api.AdminAsync(ApiFixture.NewCompany("other"), "boss");

        using var response = await SendAsync(intruder, method, template, activity, """{"title":"hijacked"}""");

        await AssertNotFoundWithoutLeakAsync(response);
        await AssertUnchangedAsync(owner, activity);
    }

    [Theory]
    [MemberData(nameof(OwnRoutes))]
    public async Task Same_user_id_in_another_tenant_gets_404_on_me_routes_and_changes_nothing(string method, string template)
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var intruder = await api.StaffAsync(ApiFixture.NewCompany("other"), "u1");

        using var response = await SendAsync(intruder, method, template, activity, """{"read_at":"2026-01-15T10:30:00Z"}""");

        await AssertNotFoundWithoutLeakAsync(response);
        await AssertUnchangedAsync(owner, activity);
    }

    [Theory]
    [MemberData(nameof(OwnRoutes))]
    public async Task Another_user_of_the_same_tenant_gets_404_on_me_routes_and_changes_nothing(string method, string template)
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var colleague = await api.StaffAsync(activity.Text("company_id")!, "u2");

        using var response = await SendAsync(colleague, method, template, activity, """{"read_at":"2026-01-15T10:30:00Z"}""");

        await AssertNotFoundWithoutLeakAsync(response);
        await AssertUnchangedAsync(owner, activity);
    }

    [Theory]
    [MemberData(nameof(OwnRoutes))]
    public async Task Admin_of_the_same_tenant_gets_404_on_me_routes_for_someone_elses_activity(string method, string template)
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);

        using var response = await SendAsync(owner, method, template, activity, """{"read_at":"2026-01-15T10:30:00Z"}""");

        await AssertNotFoundWithoutLeakAsync(response);
        await AssertUnchangedAsync(owner, activity);
    }

    [Fact]
    public async Task Another_admin_of_the_same_tenant_sees_the_company_activity()
    {
        using var tenant = await TenantWithActivityAsync();
        var activity = tenant.Activity;
        using var colleague = await api.AdminAsync(activity.Text("company_id")!, "boss2");

        var fetched = await colleague.GetJsonAsync(Activities + "/" + activity.Id());

        Assert.Equal(activity.GetRawText(), fetched.GetRawText());
    }

    [Fact]
    public async Task Staff_of_another_tenant_gets_403_on_company_routes_as_for_any_id()
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var staff = await api.StaffAsync(ApiFixture.NewCompany("other"), "u1");

        using var response = await staff.GetAsync(Activities + "/" + activity.Id());
        using var missing = await staff.GetAsync(Activities + "/01KAAAAAAAAAAAAAAAAAAAAAAA");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        var missingProblem = await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.Forbidden);
        Assert.Equal(missingProblem.GetProperty("type").GetString(), problem.GetProperty("type").GetString());
        Assert.Equal(missingProblem.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
        await AssertUnchangedAsync(owner, activity);
    }

    [Fact]
    public async Task Another_tenants_admin_lists_none_of_the_tenants_activities()
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var intruder = await api.AdminAsync(ApiFixture.NewCompany("other"), "boss");
        var own = await intruder.CreateActivityAsync(new { title = "intruder's own", user_id = "u1" });

        var all = await intruder.ListAllAsync(Activities);
        var byUser = await intruder.ListAllAsync(Activities, "user_id=u1");
        var byContact = await intruder.ListAllAsync(Activities, "contact_id=c-1");

        Assert.Equal([own.Id()], all.Select(ApiRequests.Id));
        Assert.Equal([own.Id()], byUser.Select(ApiRequests.Id));
        Assert.Empty(byContact);
        Assert.Equal([activity.Id()], await owner.IdsAsync(Activities));
    }

    [Fact]
    public async Task Same_user_id_in_another_tenant_lists_and_counts_only_its_own()
    {
        using var tenant = await TenantWithActivityAsync();
        var activity = tenant.Activity;
        var otherCompany = ApiFixture.NewCompany("other");
        using var otherAdmin = await api.AdminAsync(otherCompany);
        using var otherUser = await api.StaffAsync(otherCompany, "u1");
        using var user = await api.StaffAsync(activity.Text("company_id")!, "u1");
        var theirs = await otherAdmin.CreateActivityAsync(new { title = "other tenant's u1", user_id = "u1" });

        Assert.Equal([theirs.Id()], await otherUser.IdsAsync(MyActivities));
        Assert.Equal([activity.Id()], await user.IdsAsync(MyActivities));
        Assert.Equal(1, await otherUser.UnreadCountAsync());
        Assert.Equal(1, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Mark_read_in_another_tenant_or_by_a_colleague_leaves_the_users_activities_unread()
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var sameIdElsewhere = await api.StaffAsync(ApiFixture.NewCompany("other"), "u1");
        using var colleague = await api.StaffAsync(activity.Text("company_id")!, "u2");
        using var user = await api.StaffAsync(activity.Text("company_id")!, "u1");

        using var elsewhere = await sameIdElsewhere.PostAsync(MarkRead, null);
        using var byColleague = await colleague.PostAsync(MarkRead, null);

        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byColleague.StatusCode);
        Assert.Equal(1, await user.UnreadCountAsync());
        Assert.Equal(JsonValueKind.Null, (await user.GetJsonAsync(MyActivities + "/" + activity.Id())).GetProperty("read_at").ValueKind);
        Assert.Equal([activity.Id()], await user.IdsAsync(MyActivities, "read=false"));
        await AssertUnchangedAsync(owner, activity);
    }

    [Fact]
    public async Task Colleague_lists_and_counts_only_their_own_activities()
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using var colleague = await api.StaffAsync(activity.Text("company_id")!, "u2");
        var theirs = await owner.CreateActivityAsync(new { title = "u2's", user_id = "u2" });

        Assert.Equal([theirs.Id()], await colleague.IdsAsync(MyActivities));
        Assert.Equal([theirs.Id()], await colleague.IdsAsync(MyActivities, "read=false"));
        Assert.Empty(await colleague.IdsAsync(MyActivities, "read=true"));
        Assert.Equal(1, await colleague.UnreadCountAsync());
    }

    [Fact]
    public async Task History_of_another_tenants_activity_with_a_cursor_of_it_is_refused_without_a_leak()
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using (var patch = await owner.PatchJsonAsync(Activities + "/" + activity.Id(), new { status = "started" }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        var (_, cursor) = await owner.PageAsync(Activities + "/" + activity.Id() + "/history?limit=1");
        Assert.NotNull(cursor);
        using var intruder = await api.AdminAsync(ApiFixture.NewCompany("other"), "boss");

        using var response = await intruder.GetAsync(Activities + "/" + activity.Id() + "/history?limit=1&cursor=" + Uri.EscapeDataString(cursor));
        using var withoutCursor = await intruder.GetAsync(Activities + "/" + activity.Id() + "/history?limit=1");

        // Contract §4: another tenant's cursor is a 400, whether or not the activity exists; without it, 404.
        await ProblemAssert.IsValidationProblemAsync(response, "cursor");
        Assert.DoesNotContain(SecretTitle, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNotFoundWithoutLeakAsync(withoutCursor);
    }

    [Fact]
    public async Task History_of_a_deleted_activity_stays_private()
    {
        using var tenant = await TenantWithActivityAsync();
        var (owner, activity) = (tenant.Admin, tenant.Activity);
        using (var delete = await owner.DeleteAtAsync(Activities + "/" + activity.Id()))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using var intruder = await api.AdminAsync(ApiFixture.NewCompany("other"), "boss");
        using var colleague = await api.StaffAsync(activity.Text("company_id")!, "u2");
        using var user = await api.StaffAsync(activity.Text("company_id")!, "u1");

        using var otherTenant = await intruder.GetAsync(Activities + "/" + activity.Id() + "/history");
        using var otherUser = await colleague.GetAsync(MyActivities + "/" + activity.Id() + "/history");

        await AssertNotFoundWithoutLeakAsync(otherTenant);
        await AssertNotFoundWithoutLeakAsync(otherUser);
        var own = await user.ListAllAsync(MyActivities + "/" + activity.Id() + "/history");
        Assert.Equal(["created", "deleted"], own.Select(entry => entry.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Company_id_in_a_create_body_is_rejected_and_the_tenant_comes_from_the_token()
    {
        var company = ApiFixture.NewCompany();
        var victim = ApiFixture.NewCompany("victim");
        using var admin = await api.AdminAsync(company);
        using var victimAdmin = await api.AdminAsync(victim);

        using var response = await admin.PostActivityAsync(new { title = "planted", company_id = victim });

        await ProblemAssert.IsValidationProblemAsync(response, "company_id");
        Assert.Empty(await victimAdmin.IdsAsync(Activities));
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Same_idempotency_key_in_two_tenants_creates_one_activity_in_each()
    {
        var first = ApiFixture.NewCompany("a");
        var second = ApiFixture.NewCompany("b");
        using var firstAdmin = await api.AdminAsync(first);
        using var secondAdmin = await api.AdminAsync(second);

        using var one = await firstAdmin.PostActivityAsync(new { title = "same" }, "shared-key");
        using var two = await secondAdmin.PostActivityAsync(new { title = "same" }, "shared-key");

        var a = await ActivityAssert.IsActivityResponseAsync(one, HttpStatusCode.Created);
        var b = await ActivityAssert.IsActivityResponseAsync(two, HttpStatusCode.Created);
        Assert.Equal(first, a.Text("company_id"));
        Assert.Equal(second, b.Text("company_id"));
        Assert.NotEqual(a.Id(), b.Id());
        Assert.Equal([b.Id()], await secondAdmin.IdsAsync(Activities));
    }

    /// <summary>A fresh tenant with one unread activity of user u1; returns its admin and the activity.</summary>
    private async Task<Tenant> TenantWithActivityAsync()
    {
        var admin = await api.AdminAsync(ApiFixture.NewCompany("a"), "boss");
        var activity = await admin.CreateActivityAsync(new { title = SecretTitle, user_id = "u1", contact_id = "c-1", status = "pending" });
        return new Tenant(admin, activity);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string template, JsonElement activity, string patch) =>
        client.SendRawAsync(
            new HttpMethod(method),
            template.Replace("{id}", activity.Id(), StringComparison.Ordinal),
            method == "PATCH" ? patch : null,
            method == "PATCH" ? "application/merge-patch+json" : null);

    private static async Task AssertNotFoundWithoutLeakAsync(HttpResponseMessage response)
    {
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SecretTitle, text, StringComparison.Ordinal);
        Assert.False(response.Headers.ETag is not null, "A 404 carries an ETag.");
    }

    private static async Task AssertUnchangedAsync(HttpClient owner, JsonElement activity)
    {
        var current = await owner.GetJsonAsync(Activities + "/" + activity.Id());
        Assert.Equal(activity.GetRawText(), current.GetRawText());
        var history = await owner.ListAllAsync(Activities + "/" + activity.Id() + "/history");
        Assert.Equal(["created"], history.Select(entry => entry.GetProperty("event").GetString()));
    }

    private sealed record Tenant(HttpClient Admin, JsonElement Activity) : IDisposable
    {
        public void Dispose() => Admin.Dispose();
    }
}
