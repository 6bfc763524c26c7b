using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// The payload-mode HTTP functions, invoked the way the Functions host invokes them (<c>POST /{Function}</c>
/// with a host-shaped payload): <c>Outputs.res</c> is what the forwarded route would answer, and
/// <c>Outputs.signalRMessages</c> carries exactly the live updates of contract §8.
/// </summary>
public sealed class HttpPayloadContractTests(FunctionsModeFixture fixture) : IClassFixture<FunctionsModeFixture>
{
    [Fact]
    public async Task CreateActivity_answers_201_and_pushes_the_created_activity_and_the_owners_unread_count()
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Json("""{"title":"Call back","user_id":"u7"}""");

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(201, answer.ResStatus);
        Assert.Equal(201, answer.Res["status"]!.GetValue<int>());
        var activity = answer.ResBody;
        var id = activity["id"]!.GetValue<string>();
        FunctionsTestKit.AssertJsonEqual(
            new JsonObject
            {
                ["Content-Type"] = "application/json; charset=utf-8",
                ["ETag"] = "\"1\"",
                ["Location"] = "/api/activities/" + id,
            },
            answer.ResHeaders);
        Assert.Equal("Call back", activity["title"]!.GetValue<string>());
        Assert.Equal(company, activity["company_id"]!.GetValue<string>());
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(
                Message("activityCreated", activity, userId: company + ":u7"),
                Message("activityCreated", activity, groupName: "admins:" + company),
                Message("unreadCount", new JsonObject { ["unread_count"] = 1, ["unseen_count"] = 1 }, userId: company + ":u7")),
            answer.SignalR);

        // The same app answers the forwarded route with the stored activity.
        using var admin = Client(company, "boss", "admin");
        using var stored = await admin.GetAsync("/api/activities/" + id);
        FunctionsTestKit.AssertJsonEqual(activity, FunctionsTestKit.ParseNode(await stored.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task CreateActivity_reads_a_request_object_and_a_body_that_arrive_json_encoded_twice()
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Json("""{"title":"Twice \"quoted\" é"}""");
        invocation.RequestAsString = true;
        invocation.BodyTwice = true;

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(201, answer.ResStatus);
        Assert.Equal("Twice \"quoted\" é", answer.ResBody["title"]!.GetValue<string>());
        // No owner: only the company's admins hear of it, and no unread count moves.
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(Message("activityCreated", answer.ResBody, groupName: "admins:" + company)),
            answer.SignalR);
    }

    [Theory]
    [InlineData("Transfer-Encoding", "chunked")]
    [InlineData("Content-Type", "application/json")]
    public async Task A_body_the_host_dropped_because_it_was_chunked_is_411_and_pushes_nothing(string header, string value)
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Header("Content-Type", "application/json")
            .Header(header, value);

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(411, answer.ResStatus);
        Assert.Equal("application/problem+json", answer.ResHeaders["Content-Type"]!.GetValue<string>());
        Assert.Equal("urn:activity-service:problem:length-required", answer.ResBody["type"]!.GetValue<string>());
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task CreateActivity_without_a_body_is_the_apps_400_and_pushes_nothing()
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Header("Content-Type", "application/json")
            .Header("Content-Length", "0");

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(400, answer.ResStatus);
        Assert.Equal("application/problem+json", answer.ResHeaders["Content-Type"]!.GetValue<string>());
        Assert.Equal("urn:activity-service:problem:bad-request", answer.ResBody["type"]!.GetValue<string>());
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task CreateActivity_without_a_token_is_401_with_a_bearer_challenge()
    {
        var invocation = new HttpInvocation("POST", "/api/activities").Json("""{"title":"x"}""");

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(401, answer.ResStatus);
        Assert.Equal("Bearer", answer.ResHeaders["WWW-Authenticate"]!.GetValue<string>());
        Assert.Equal("urn:activity-service:problem:unauthorized", answer.ResBody["type"]!.GetValue<string>());
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task CreateActivity_by_staff_is_403()
    {
        var invocation = new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(FunctionsTestKit.NewCompany(), "u1", "staff"))
            .Json("""{"title":"x"}""");

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(403, answer.ResStatus);
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task CreateActivity_replayed_by_idempotency_key_answers_the_first_result_and_pushes_the_activity_again()
    {
        var company = FunctionsTestKit.NewCompany();
        HttpInvocation Invocation() => new HttpInvocation("POST", "/api/activities")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Header("Idempotency-Key", "key-1")
            .Json("""{"title":"Once","user_id":"u7"}""");

        var first = (await InvokeAsync("CreateActivity", Invocation())).AssertInvocationSucceeded();
        var second = (await InvokeAsync("CreateActivity", Invocation())).AssertInvocationSucceeded();

        Assert.Equal(201, second.ResStatus);
        Assert.Equal("true", second.ResHeaders["Idempotent-Replayed"]!.GetValue<string>());
        FunctionsTestKit.AssertJsonEqual(first.ResBody, second.ResBody);
        Assert.Equal(3, first.SignalR.Count);

        // The first attempt may have stored the activity and failed before its push: a replay pushes it
        // again (clients upsert by id, so a push they already had changes nothing).
        Assert.Equal(3, second.SignalR.Count);
    }

    [Fact]
    public async Task PatchActivity_applies_the_merge_patch_and_pushes_the_update()
    {
        var company = FunctionsTestKit.NewCompany();
        var id = await CreateAsync(company, """{"title":"Before","user_id":"u7"}""");
        var invocation = new HttpInvocation("PATCH", "/api/activities/" + id)
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Header("If-Match", "\"1\"")
            .Param("id", id)
            .Json("""{"title":"After"}""", "application/merge-patch+json");

        var answer = (await InvokeAsync("PatchActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(200, answer.ResStatus);
        Assert.Equal("\"2\"", answer.ResHeaders["ETag"]!.GetValue<string>());
        var activity = answer.ResBody;
        Assert.Equal("After", activity["title"]!.GetValue<string>());
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(
                Message("activityUpdated", activity, userId: company + ":u7"),
                Message("activityUpdated", activity, groupName: "admins:" + company),
                Message("unreadCount", new JsonObject { ["unread_count"] = 1, ["unseen_count"] = 1 }, userId: company + ":u7")),
            answer.SignalR);
    }

    [Fact]
    public async Task PatchActivity_with_a_stale_if_match_is_412_and_pushes_nothing()
    {
        var company = FunctionsTestKit.NewCompany();
        var id = await CreateAsync(company, """{"title":"Before"}""");
        var invocation = new HttpInvocation("PATCH", "/api/activities/" + id)
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Header("If-Match", "\"7\"")
            .Param("id", id)
            .Json("""{"title":"After"}""");

        var answer = (await InvokeAsync("PatchActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(412, answer.ResStatus);
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task DeleteActivity_answers_204_with_an_empty_body_and_pushes_the_deletion()
    {
        var company = FunctionsTestKit.NewCompany();
        var id = await CreateAsync(company, """{"title":"Doomed","user_id":"u7"}""");
        var invocation = new HttpInvocation("DELETE", "/api/activities/" + id)
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Param("id", id);

        var answer = (await InvokeAsync("DeleteActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(204, answer.ResStatus);
        Assert.Equal("", answer.ResBodyText);
        var deleted = new JsonObject { ["id"] = id };
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(
                Message("activityDeleted", deleted, userId: company + ":u7"),
                Message("activityDeleted", deleted, groupName: "admins:" + company),
                Message("unreadCount", new JsonObject { ["unread_count"] = 0, ["unseen_count"] = 0 }, userId: company + ":u7")),
            answer.SignalR);
    }

    [Fact]
    public async Task PatchMyActivity_marks_read_and_pushes_the_update_and_the_new_count()
    {
        var company = FunctionsTestKit.NewCompany();
        var id = await CreateAsync(company, """{"title":"Mine","user_id":"u7"}""");
        var invocation = new HttpInvocation("PATCH", "/api/me/activities/" + id)
            .Bearer(FunctionsTestKit.Token(company, "u7", "staff"))
            .Param("id", id)
            .Json("""{"read_at":"2026-01-15T10:30:00.000Z"}""", "application/merge-patch+json");

        var answer = (await InvokeAsync("PatchMyActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(200, answer.ResStatus);
        var activity = answer.ResBody;
        Assert.Equal("2026-01-15T10:30:00.000Z", activity["read_at"]!.GetValue<string>());
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(
                Message("activityUpdated", activity, userId: company + ":u7"),
                Message("activityUpdated", activity, groupName: "admins:" + company),
                Message("unreadCount", new JsonObject { ["unread_count"] = 0, ["unseen_count"] = 0 }, userId: company + ":u7")),
            answer.SignalR);
    }

    [Fact]
    public async Task PatchMyActivity_of_someone_else_is_404_and_pushes_nothing()
    {
        var company = FunctionsTestKit.NewCompany();
        var id = await CreateAsync(company, """{"title":"Theirs","user_id":"u8"}""");
        var invocation = new HttpInvocation("PATCH", "/api/me/activities/" + id)
            .Bearer(FunctionsTestKit.Token(company, "u7", "staff"))
            .Param("id", id)
            .Json("""{"read_at":"2026-01-15T10:30:00.000Z"}""");

        var answer = (await InvokeAsync("PatchMyActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(404, answer.ResStatus);
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task DeleteMyActivity_archives_and_pushes_the_update()
    {
        var company = FunctionsTestKit.NewCompany();
        var id = await CreateAsync(company, """{"title":"Dismiss me","user_id":"u7"}""");
        var invocation = new HttpInvocation("DELETE", "/api/me/activities/" + id)
            .Bearer(FunctionsTestKit.Token(company, "u7", "staff"))
            .Param("id", id);

        var answer = (await InvokeAsync("DeleteMyActivity", invocation)).AssertInvocationSucceeded();

        // The user-scoped DELETE archives (contract §10): an update, not a deletion.
        Assert.Equal(204, answer.ResStatus);
        var messages = answer.SignalR;
        Assert.Equal(["activityUpdated", "activityUpdated", "unreadCount"], messages.Select(m => m!["target"]!.GetValue<string>()));
        Assert.NotNull(messages[0]!["arguments"]![0]!["archived_at"]);
        FunctionsTestKit.AssertJsonEqual(
            Message("unreadCount", new JsonObject { ["unread_count"] = 0, ["unseen_count"] = 0 }, userId: company + ":u7"),
            messages[2]);
    }

    [Fact]
    public async Task MarkAllRead_without_a_body_answers_the_count_and_pushes_it_to_the_user()
    {
        var company = FunctionsTestKit.NewCompany();
        await CreateAsync(company, """{"title":"One","user_id":"u7"}""");
        await CreateAsync(company, """{"title":"Two","user_id":"u7"}""");
        var invocation = new HttpInvocation("POST", "/api/me/activities/mark-read")
            .Bearer(FunctionsTestKit.Token(company, "u7", "staff"));

        var answer = (await InvokeAsync("MarkAllRead", invocation)).AssertInvocationSucceeded();

        Assert.Equal(200, answer.ResStatus);
        FunctionsTestKit.AssertJsonEqual(new JsonObject { ["unread_count"] = 0, ["unseen_count"] = 0 }, answer.ResBody);
        FunctionsTestKit.AssertJsonEqual(
            new JsonArray(Message("unreadCount", new JsonObject { ["unread_count"] = 0, ["unseen_count"] = 0 }, userId: company + ":u7")),
            answer.SignalR);
    }

    [Fact]
    public async Task The_url_as_the_host_saw_it_may_differ_in_case_and_trailing_slash()
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/API/Activities/")
            .Bearer(FunctionsTestKit.Token(company, "boss", "admin"))
            .Json("""{"title":"Slash"}""");

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(201, answer.ResStatus);
    }

    [Fact]
    public async Task A_request_outside_the_functions_route_is_404_and_runs_nothing()
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = new HttpInvocation("POST", "/api/me/activities/mark-read")
            .Bearer(FunctionsTestKit.Token(company, "u7", "staff"));

        var answer = (await InvokeAsync("CreateActivity", invocation)).AssertInvocationSucceeded();

        Assert.Equal(404, answer.ResStatus);
        Assert.Empty(answer.SignalR);
    }

    [Fact]
    public async Task An_invocation_that_is_not_json_fails_the_invocation_with_a_json_body()
    {
        using var host = fixture.Host();
        using var content = new StringContent("not json", Encoding.UTF8, "application/json");
        using var response = await host.PostAsync("/CreateActivity", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(FunctionsTestKit.ParseNode(await response.Content.ReadAsStringAsync())["detail"]);
    }

    [Fact]
    public async Task The_host_start_probe_and_forwarded_routes_answer_in_functions_mode()
    {
        using var host = fixture.Host();
        using var probe = await host.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        using var health = await host.GetAsync("/api/health");
        FunctionsTestKit.AssertJsonEqual(new JsonObject { ["status"] = "ok" }, FunctionsTestKit.ParseNode(await health.Content.ReadAsStringAsync()));
        using var devToken = await host.PostAsync("/api/dev/token", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, devToken.StatusCode);
    }

    internal static JsonObject Message(string target, JsonNode argument, string? userId = null, string? groupName = null)
    {
        var message = new JsonObject { ["target"] = target, ["arguments"] = new JsonArray(argument.DeepClone()) };
        if (userId is not null)
        {
            message["userId"] = userId;
        }

        if (groupName is not null)
        {
            message["groupName"] = groupName;
        }

        return message;
    }

    private async Task<InvocationAnswer> InvokeAsync(string function, HttpInvocation invocation)
    {
        using var host = fixture.Host();
        return await InvocationAnswer.PostAsync(host, function, invocation.ToJson());
    }

    private HttpClient Client(string company, string user, string role)
    {
        var client = fixture.Host();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FunctionsTestKit.Token(company, user, role));
        return client;
    }

    /// <summary>Creates an activity through the forwarded route and returns its id.</summary>
    private async Task<string> CreateAsync(string company, string body)
    {
        using var admin = Client(company, "boss", "admin");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync("/api/activities", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return FunctionsTestKit.ParseNode(text)["id"]!.GetValue<string>();
    }
}
