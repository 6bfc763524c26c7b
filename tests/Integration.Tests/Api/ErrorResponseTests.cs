using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// Contract §5.7: every rejected request answers a problem document with the right status, and changes
/// nothing (checked by reading back after it).
/// </summary>
public sealed class ErrorResponseTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string MissingId = "01KAAAAAAAAAAAAAAAAAAAAAAA";

    [Fact]
    public async Task Create_naming_unknown_and_read_only_fields_is_400_naming_each_and_creates_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        const string Body = """
            {"title":"x","colour":"red","id":"01KAAAAAAAAAAAAAAAAAAAAAAA","company_id":"other","created_at":"2026-01-15T10:30:00Z",
             "updated_at":"2026-01-15T10:30:00Z","version":7}
            """;

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, Body);

        await ProblemAssert.IsValidationProblemAsync(response, "colour", "id", "company_id", "created_at", "updated_at", "version");
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData("""{"title":""}""", "title")]
    [InlineData("""{"title":"   "}""", "title")]
    [InlineData("""{"description":"no title"}""", "title")]
    [InlineData("""{"title":42}""", "title")]
    [InlineData("""{"title":"x","status":"done"}""", "status")]
    [InlineData("""{"title":"x","slug":"Bad Slug"}""", "slug")]
    [InlineData("""{"title":"x","relation_type":"product"}""", "relation_id")]
    [InlineData("""{"title":"x","relation_id":"33333"}""", "relation_id")]
    [InlineData("""{"title":"x","relation_type":"planet","relation_id":"1"}""", "relation_type")]
    [InlineData("""{"title":"x","message_type":"schedule_invitation","activity_type":"Meeting"}""", "direction")]
    [InlineData("""{"title":"x","direction":"pivot_to_client"}""", "message_type")]
    [InlineData("""{"title":"x","activity_type":"Meeting","message_type":"text","direction":"to_client"}""", "message_type")]
    [InlineData("""{"title":"x","activity_type":"Meeting","message_type":"schedule","direction":"sideways"}""", "direction")]
    [InlineData("""{"title":"x","activity_type":"9lives"}""", "activity_type")]
    [InlineData("""{"title":"x","scheduled_date":"2026-02-30"}""", "scheduled_date")]
    [InlineData("""{"title":"x","scheduled_date":"20.01.2026"}""", "scheduled_date")]
    [InlineData("""{"title":"x","properties":{"1bad":1}}""", "properties")]
    [InlineData("""{"title":"x","properties":{"nested":{"a":1}}}""", "properties")]
    [InlineData("""{"title":"x","properties":[1,2]}""", "properties")]
    [InlineData("""{"title":"x","user_id":"a/b"}""", "user_id")]
    [InlineData("""{"title":"x","contact_id":""}""", "contact_id")]
    [InlineData("""{"title":"x","external_id":"a#b"}""", "external_id")]
    [InlineData("""{"title":"x","read_at":"yesterday"}""", "read_at")]
    [InlineData("""{"title":"x","read_at":"2026-01-15T10:30:00"}""", "read_at")]
    public async Task Create_with_a_bad_value_is_400_naming_the_field_and_creates_nothing(string body, string field)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, body);

        await ProblemAssert.IsValidationProblemAsync(response, field);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData("title", 201)]
    [InlineData("description", 2001)]
    [InlineData("formatted_description", 4001)]
    [InlineData("slug", 65)]
    [InlineData("user_id", 129)]
    public async Task Create_with_a_field_over_its_length_limit_is_400(string field, int length)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var body = new Dictionary<string, object> { ["title"] = "x", [field] = new string('a', length) };

        using var response = await admin.PostActivityAsync(body);

        await ProblemAssert.IsValidationProblemAsync(response, field);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Create_with_51_properties_is_400()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var properties = Enumerable.Range(0, 51).ToDictionary(i => "k" + i, i => (object)i);

        using var response = await admin.PostActivityAsync(new { title = "x", properties });

        await ProblemAssert.IsValidationProblemAsync(response, "properties");
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"title\":\"x\"}]")]
    [InlineData("\"title\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task Create_with_a_body_that_is_not_an_object_is_400(string body)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"title\":")]
    [InlineData("{'title':'x'}")]
    [InlineData("{\"title\":\"x\",}")]
    [InlineData("")]
    public async Task Create_with_malformed_json_is_400(string body)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData("""{"version":5,"title":"changed"}""", "version")]
    [InlineData("""{"id":"01KAAAAAAAAAAAAAAAAAAAAAAA"}""", "id")]
    [InlineData("""{"company_id":"other"}""", "company_id")]
    [InlineData("""{"created_at":"2026-01-15T10:30:00Z"}""", "created_at")]
    [InlineData("""{"colour":"red"}""", "colour")]
    [InlineData("""{"status":"done"}""", "status")]
    [InlineData("""{"title":null}""", "title")]
    [InlineData("""{"title":"changed","slug":"Bad Slug"}""", "slug")]
    public async Task Patch_with_a_bad_field_is_400_and_changes_nothing(string patch, string field)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "original", status = "pending" });

        using var response = await admin.SendRawAsync(HttpMethod.Patch, Activities + "/" + created.Id(), patch, "application/merge-patch+json");

        await ProblemAssert.IsValidationProblemAsync(response, field);
        var after = await admin.GetJsonAsync(Activities + "/" + created.Id());
        Assert.Equal(created.GetRawText(), after.GetRawText());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("{")]
    public async Task Patch_with_a_body_that_is_not_a_json_object_is_400(string patch)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "original" });

        using var response = await admin.SendRawAsync(HttpMethod.Patch, Activities + "/" + created.Id(), patch, "application/merge-patch+json");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(1, (await admin.GetJsonAsync(Activities + "/" + created.Id())).Version());
    }

    [Theory]
    [InlineData(Activities, "colour=red", "colour")]
    [InlineData(MyActivities, "colour=red", "colour")]
    [InlineData(MyActivities, "user_id=u2", "user_id")]
    [InlineData(Activities, "company_id=other", "company_id")]
    [InlineData(Activities, "limit=0", "limit")]
    [InlineData(Activities, "limit=101", "limit")]
    [InlineData(Activities, "limit=-1", "limit")]
    [InlineData(Activities, "limit=ten", "limit")]
    [InlineData(Activities, "limit=2.5", "limit")]
    [InlineData(MyActivities, "limit=101", "limit")]
    [InlineData(Activities, "status=done", "status")]
    [InlineData(Activities, "status=pending,done", "status")]
    [InlineData(Activities, "direction=sideways", "direction")]
    [InlineData(Activities, "activity_type=9lives", "activity_type")]
    [InlineData(Activities, "relation_type=planet", "relation_type")]
    [InlineData(Activities, "read=yes", "read")]
    [InlineData(Activities, "sort=up", "sort")]
    [InlineData(Activities, "created_from=yesterday", "created_from")]
    [InlineData(Activities, "created_to=2026-01-15", "created_to")]
    [InlineData(Activities, "created_from=2026-02-01T00:00:00Z&created_to=2026-01-01T00:00:00Z", "created_to")]
    [InlineData(Activities, "user_id=a%2Fb", "user_id")]
    [InlineData(Activities, "contact_id=", "contact_id")]
    [InlineData(Activities, "activity_type=A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T,U", "activity_type")]
    [InlineData(Activities, "activity_type=A,B,C,D,E,F,G,H,I,J&activity_type=K,L,M,N,O,P,Q,R,S,T,U", "activity_type")]
    [InlineData(Activities, "limit=1&limit=2", "limit")]
    [InlineData(Activities, "cursor=garbage", "cursor")]
    [InlineData(Activities, "cursor=!!!", "cursor")]
    [InlineData(Activities, "cursor=eyJLIjoieCJ9", "cursor")]
    [InlineData(MyActivities, "cursor=garbage", "cursor")]
    public async Task Listing_with_a_bad_query_is_400_naming_the_parameter(string path, string query, string parameter)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company, "u1");

        using var response = await admin.GetAsync(path + "?" + query);

        await ProblemAssert.IsValidationProblemAsync(response, parameter);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("cursor=garbage")]
    [InlineData("colour=red")]
    public async Task History_with_a_bad_query_is_400(string query)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "x" });

        using var response = await admin.GetAsync(Activities + "/" + created.Id() + "/history?" + query);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Cursor_reused_with_other_filters_is_400()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        await CreateManyAsync(admin, 3, new { title = "x", status = "pending" });
        var (_, cursor) = await admin.PageAsync(Activities + "?status=pending&limit=1");
        Assert.NotNull(cursor);

        using var response = await admin.GetAsync(Activities + "?status=started&limit=1&cursor=" + Uri.EscapeDataString(cursor));
        using var withoutFilter = await admin.GetAsync(Activities + "?limit=1&cursor=" + Uri.EscapeDataString(cursor));

        await ProblemAssert.IsValidationProblemAsync(response, "cursor");
        await ProblemAssert.IsValidationProblemAsync(withoutFilter, "cursor");
    }

    [Fact]
    public async Task Cursor_reused_with_the_other_sort_is_400()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        await CreateManyAsync(admin, 3, new { title = "x" });
        var (_, cursor) = await admin.PageAsync(Activities + "?limit=1");
        Assert.NotNull(cursor);

        using var response = await admin.GetAsync(Activities + "?sort=asc&limit=1&cursor=" + Uri.EscapeDataString(cursor));

        await ProblemAssert.IsValidationProblemAsync(response, "cursor");
    }

    [Fact]
    public async Task Cursor_of_the_company_feed_used_on_the_own_feed_is_400()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company, "u1");
        await CreateManyAsync(admin, 3, new { title = "x", user_id = "u1" });
        var (_, cursor) = await admin.PageAsync(Activities + "?limit=1");
        Assert.NotNull(cursor);

        using var response = await admin.GetAsync(MyActivities + "?limit=1&cursor=" + Uri.EscapeDataString(cursor));

        await ProblemAssert.IsValidationProblemAsync(response, "cursor");
    }

    [Fact]
    public async Task Cursor_reused_with_a_different_limit_is_accepted()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var ids = await CreateManyAsync(admin, 3, new { title = "x" });
        var (_, cursor) = await admin.PageAsync(Activities + "?limit=1");

        var (rest, next) = await admin.PageAsync(Activities + "?limit=5&cursor=" + Uri.EscapeDataString(cursor!));

        Assert.Equal(ids.Take(2).Reverse(), rest.Select(ApiRequests.Id));
        Assert.Null(next);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Create_without_a_json_media_type_is_415_and_creates_nothing(string? contentType)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, """{"title":"x"}""", contentType);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData(Activities)]
    [InlineData(MyActivities)]
    public async Task Patch_as_text_plain_is_415_and_changes_nothing(string scope)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "original", user_id = "u1" });

        using var response = await admin.SendRawAsync(HttpMethod.Patch, scope + "/" + created.Id(), """{"read_at":null}""", "text/plain");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Fact]
    public async Task Body_of_exactly_64_KiB_is_accepted()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, PaddedBody(64 * 1024));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Body_over_64_KiB_is_413_and_creates_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.SendRawAsync(HttpMethod.Post, Activities, PaddedBody((64 * 1024) + 1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Chunked_body_over_64_KiB_is_413_and_creates_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        using var request = new HttpRequestMessage(HttpMethod.Post, Activities)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(PaddedBody(200 * 1024)))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await admin.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Patch_body_over_64_KiB_is_413_and_changes_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "original" });

        using var response = await admin.SendRawAsync(HttpMethod.Patch, Activities + "/" + created.Id(), PaddedBody((64 * 1024) + 1), "application/merge-patch+json");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Theory]
    [InlineData("GET", Activities + "/" + MissingId)]
    [InlineData("PATCH", Activities + "/" + MissingId)]
    [InlineData("DELETE", Activities + "/" + MissingId)]
    [InlineData("GET", Activities + "/" + MissingId + "/history")]
    [InlineData("GET", Activities + "/not-an-id")]
    [InlineData("PATCH", Activities + "/not-an-id")]
    [InlineData("DELETE", Activities + "/not-an-id")]
    [InlineData("GET", Activities + "/not-an-id/history")]
    [InlineData("GET", MyActivities + "/" + MissingId)]
    [InlineData("PATCH", MyActivities + "/" + MissingId)]
    [InlineData("DELETE", MyActivities + "/" + MissingId)]
    [InlineData("GET", MyActivities + "/" + MissingId + "/history")]
    [InlineData("GET", MyActivities + "/not-an-id")]
    public async Task Missing_activity_is_404(string method, string path)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany(), "u1");

        using var response = await admin.SendRawAsync(new HttpMethod(method), path, method == "PATCH" ? """{"read_at":null}""" : null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/nothing")]
    [InlineData("/api/activities/" + MissingId + "/nothing")]
    [InlineData("/api/me/nothing")]
    [InlineData("/nothing")]
    public async Task Unknown_route_is_404_problem(string path)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.GetAsync(path);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unsupported_method_answers_a_problem()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "original" });

        using var response = await admin.SendRawAsync(HttpMethod.Put, Activities + "/" + created.Id(), """{"title":"replaced"}""");

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed, $"PUT answered {(int)response.StatusCode}");
        await ProblemAssert.IsProblemAsync(response, response.StatusCode);
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Theory]
    [InlineData(Activities)]
    [InlineData(MyActivities)]
    public async Task Patch_with_a_stale_if_match_is_412_and_changes_nothing(string scope)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "v1", user_id = "u1" });
        using (var first = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "v2" }, ApiRequests.ETagOf(1)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var current = await admin.GetJsonAsync(Activities + "/" + created.Id());

        using var response = await admin.PatchJsonAsync(scope + "/" + created.Id(), new { read_at = "2026-01-15T10:30:00Z" }, ApiRequests.ETagOf(1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        var after = await admin.GetJsonAsync(Activities + "/" + created.Id());
        Assert.Equal(current.GetRawText(), after.GetRawText());
        Assert.Equal(2, after.Version());
        Assert.Equal(1, await admin.UnreadCountAsync());
    }

    [Theory]
    [InlineData("\"99\"")]
    [InlineData("\"01\"")]
    [InlineData("W/\"1\"")]
    [InlineData("\"abc\"")]
    public async Task Patch_with_an_if_match_naming_no_current_version_is_412(string ifMatch)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "v1" });

        using var response = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "v2" }, ifMatch);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("1")]
    [InlineData("\"1")]
    [InlineData("\" 1\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("*, \"1\"")]
    public async Task Patch_or_delete_with_an_empty_or_malformed_if_match_is_400_and_changes_nothing(string ifMatch)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "v1" });

        using var patch = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "v2" }, ifMatch);
        using var delete = await admin.DeleteAtAsync(Activities + "/" + created.Id(), ifMatch);

        await ProblemAssert.IsValidationProblemAsync(patch, "If-Match");
        await ProblemAssert.IsValidationProblemAsync(delete, "If-Match");
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Fact]
    public async Task A_repeated_list_parameter_means_its_values_joined_by_commas()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var pending = await admin.CreateActivityAsync(new { title = "p", status = "pending" });
        var started = await admin.CreateActivityAsync(new { title = "s", status = "started" });
        await admin.CreateActivityAsync(new { title = "c", status = "completed" });

        var repeated = await admin.IdsAsync(Activities + "?status=pending&status=started");
        var joined = await admin.IdsAsync(Activities + "?status=pending,started");

        Assert.Equal(joined, repeated);
        Assert.Equal(new[] { pending.Id(), started.Id() }.Order(StringComparer.Ordinal), repeated.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(Activities)]
    [InlineData(MyActivities)]
    public async Task Delete_with_a_stale_if_match_is_412_and_keeps_the_activity(string scope)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "v1", user_id = "u1" });
        using (var first = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "v2" }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var current = await admin.GetJsonAsync(Activities + "/" + created.Id());

        using var response = await admin.DeleteAtAsync(scope + "/" + created.Id(), ApiRequests.ETagOf(1));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(current.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
        Assert.Equal([created.Id()], await admin.IdsAsync(MyActivities));
        Assert.Equal(1, await admin.UnreadCountAsync());
    }

    [Fact]
    public async Task Concurrent_patches_with_the_same_if_match_let_exactly_one_win()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var created = await admin.CreateActivityAsync(new { title = "v1" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "writer " + i }, ApiRequests.ETagOf(1))));

        try
        {
            var winner = Assert.Single(responses, response => response.StatusCode == HttpStatusCode.OK);
            foreach (var loser in responses.Where(response => response != winner))
            {
                await ProblemAssert.IsProblemAsync(loser, HttpStatusCode.PreconditionFailed);
            }

            var final = await admin.GetJsonAsync(Activities + "/" + created.Id());
            Assert.Equal(2, final.Version());
            Assert.Equal((await winner.ReadJsonAsync()).Text("title"), final.Text("title"));
            Assert.Equal(2, (await admin.ListAllAsync(Activities + "/" + created.Id() + "/history")).Count);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("POST", Activities)]
    [InlineData("GET", Activities)]
    [InlineData("GET", Activities + "/{id}")]
    [InlineData("PATCH", Activities + "/{id}")]
    [InlineData("DELETE", Activities + "/{id}")]
    [InlineData("GET", Activities + "/{id}/history")]
    public async Task Staff_on_company_routes_is_403_and_changes_nothing(string method, string template)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var staff = await api.StaffAsync(company, "u1");
        var created = await admin.CreateActivityAsync(new { title = "original", user_id = "u1" });
        var body = method is "POST" or "PATCH" ? """{"title":"by staff"}""" : null;

        using var response = await staff.SendRawAsync(new HttpMethod(method), template.Replace("{id}", created.Id(), StringComparison.Ordinal), body);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal([created.Id()], await admin.IdsAsync(Activities));
        Assert.Equal(created.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + created.Id())).GetRawText());
    }

    [Fact]
    public async Task Idempotency_key_that_is_too_long_is_400_and_creates_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.PostActivityAsync(new { title = "x" }, new string('k', 256));

        await ProblemAssert.IsValidationProblemAsync(response, "Idempotency-Key");
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    /// <summary>A valid create body padded with JSON whitespace to exactly <paramref name="bytes"/> bytes.</summary>
    private static string PaddedBody(int bytes)
    {
        const string Head = "{\"title\":\"padded\"";
        return Head + new string(' ', bytes - Head.Length - 1) + "}";
    }

    /// <summary>Creates <paramref name="count"/> activities one after another; returns their ids, oldest first.</summary>
    private static async Task<List<string>> CreateManyAsync(HttpClient admin, int count, object body)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await admin.CreateActivityAsync(body)).Id());
        }

        return ids;
    }
}
