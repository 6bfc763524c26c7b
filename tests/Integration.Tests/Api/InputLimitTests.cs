using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// Inputs a hostile client sends that once ended in 500s or were read loosely: invalid Unicode in JSON,
/// ids too long for a storage key, repeated headers, foreign cursors. Each is a 4xx and changes nothing.
/// </summary>
public sealed class InputLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>128 CJK characters: within the 128-character rule, but 1,152 characters once escaped into a key.</summary>
    private static readonly string LongCjkId = new('漢', 128);

    public static TheoryData<string, byte[]> InvalidUnicodeBodies => new()
    {
        { "lone surrogate escape in a member name", Encoding.UTF8.GetBytes("""{"title":"x","\ud800":1}""") },
        { "lone surrogate escape in a property name", Encoding.UTF8.GetBytes("""{"title":"x","properties":{"a\udc00":1}}""") },
        { "lone surrogate escape in a value", Encoding.UTF8.GetBytes("""{"title":"x\ud800"}""") },
        { "invalid UTF-8 in a member name", [.. Encoding.UTF8.GetBytes("{\"title\":\"x\",\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\":1}")] },
        { "invalid UTF-8 in a value", [.. Encoding.UTF8.GetBytes("{\"title\":\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")] },
    };

    [Theory]
    [MemberData(nameof(InvalidUnicodeBodies))]
    public async Task Invalid_unicode_in_a_create_or_patch_body_is_400_and_changes_nothing(string why, byte[] body)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var existing = await admin.CreateActivityAsync(new { title = "keep" });

        using var create = await SendBytesAsync(admin, HttpMethod.Post, Activities, body, "application/json");
        using var patch = await SendBytesAsync(admin, HttpMethod.Patch, Activities + "/" + existing.Id(), body, "application/merge-patch+json");

        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.BadRequest);
        await ProblemAssert.IsProblemAsync(patch, HttpStatusCode.BadRequest);
        Assert.Contains("$", await create.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([existing.Id()], await admin.IdsAsync(Activities));
        Assert.True(existing.GetRawText() == (await admin.GetJsonAsync(Activities + "/" + existing.Id())).GetRawText(), why);
    }

    [Theory]
    [InlineData("""{"title":"first","title":"second"}""", "$.title")]
    [InlineData("""{"title":"x","properties":{"a":1,"a":2}}""", "$.properties.a")]
    public async Task A_member_name_sent_twice_is_400_naming_it_and_changes_nothing(string body, string path)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var existing = await admin.CreateActivityAsync(new { title = "keep" });

        using var create = await SendBytesAsync(admin, HttpMethod.Post, Activities, Encoding.UTF8.GetBytes(body), "application/json");
        using var patch = await SendBytesAsync(admin, HttpMethod.Patch, Activities + "/" + existing.Id(), Encoding.UTF8.GetBytes(body), "application/merge-patch+json");

        await ProblemAssert.IsValidationProblemAsync(create, path);
        await ProblemAssert.IsValidationProblemAsync(patch, path);
        Assert.Equal([existing.Id()], await admin.IdsAsync(Activities));
        Assert.Equal(existing.GetRawText(), (await admin.GetJsonAsync(Activities + "/" + existing.Id())).GetRawText());
    }

    [Theory]
    [MemberData(nameof(InvalidUnicodeBodies))]
    public async Task Invalid_unicode_in_a_dev_token_body_is_400(string why, byte[] body)
    {
        using var anonymous = api.Anonymous();

        using var response = await SendBytesAsync(anonymous, HttpMethod.Post, "/api/dev/token", body, "application/json");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("contact_id")]
    [InlineData("visitor_id")]
    [InlineData("customer_id")]
    [InlineData("external_id")]
    [InlineData("relation_id")]
    public async Task An_id_too_long_for_a_storage_key_is_400_naming_the_field(string field)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var body = new Dictionary<string, object> { ["title"] = "x", [field] = LongCjkId };
        if (field == "relation_id")
        {
            body["relation_type"] = "product";
        }

        using var response = await admin.PostActivityAsync(body);

        await ProblemAssert.IsValidationProblemAsync(response, field);
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("contact_id")]
    public async Task A_list_filter_id_too_long_for_a_storage_key_is_400(string parameter)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await admin.GetAsync(Activities + "?" + parameter + "=" + Uri.EscapeDataString(LongCjkId));

        await ProblemAssert.IsValidationProblemAsync(response, parameter);
    }

    [Fact]
    public async Task A_token_whose_sub_is_too_long_for_a_storage_key_is_401()
    {
        using var client = Tokens.Client(api, Tokens.Mint(Tokens.Claims(ApiFixture.NewCompany(), userId: LongCjkId, role: "staff")));

        using var response = await client.GetAsync(MyActivities);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_dev_token_for_an_id_too_long_for_a_storage_key_is_400_naming_it()
    {
        using var anonymous = api.Anonymous();

        using var response = await anonymous.SendRawAsync(HttpMethod.Post, "/api/dev/token", System.Text.Json.JsonSerializer.Serialize(new { company_id = "acme", user_id = LongCjkId, role = "staff" }));

        await ProblemAssert.IsValidationProblemAsync(response, "user_id");
    }

    [Fact]
    public async Task A_long_idempotency_key_of_punctuation_still_works()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var key = new string('!', ActivityService.Functions.Api.ActivitiesApi.MaxIdempotencyKeyLength);

        using var first = await admin.PostActivityAsync(new { title = "x" }, key);
        using var retry = await admin.PostActivityAsync(new { title = "x" }, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Single(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Two_idempotency_key_headers_are_400_and_create_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        using var request = new HttpRequestMessage(HttpMethod.Post, Activities)
        {
            Content = new StringContent("""{"title":"x"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", ["a", "b"]);

        using var response = await admin.SendAsync(request);

        await ProblemAssert.IsValidationProblemAsync(response, "Idempotency-Key");
        Assert.Empty(await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task A_cursor_from_another_tenant_or_scope_is_400()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company, "u1");
        using var staff = await api.StaffAsync(company, "u2");
        using var otherAdmin = await api.AdminAsync(ApiFixture.NewCompany(), "u1");
        for (var i = 0; i < 3; i++)
        {
            await admin.CreateActivityAsync(new { title = "x" + i, user_id = "u1" });
        }

        var (_, companyCursor) = await admin.PageAsync(Activities + "?limit=1");
        var (_, filteredCursor) = await admin.PageAsync(Activities + "?limit=1&user_id=u1");
        var (_, ownCursor) = await admin.PageAsync(MyActivities + "?limit=1");
        Assert.NotNull(companyCursor);
        Assert.NotNull(ownCursor);

        using var otherTenant = await otherAdmin.GetAsync(Activities + "?limit=1&cursor=" + Uri.EscapeDataString(companyCursor!));
        using var ownWithCompanyCursor = await admin.GetAsync(MyActivities + "?limit=1&cursor=" + Uri.EscapeDataString(companyCursor!));
        using var companyWithOwnCursor = await admin.GetAsync(Activities + "?limit=1&user_id=u1&cursor=" + Uri.EscapeDataString(ownCursor!));
        using var otherUser = await staff.GetAsync(MyActivities + "?limit=1&cursor=" + Uri.EscapeDataString(ownCursor!));
        using var otherTenantOwn = await otherAdmin.GetAsync(MyActivities + "?limit=1&cursor=" + Uri.EscapeDataString(ownCursor!));
        using var otherFilters = await admin.GetAsync(Activities + "?limit=1&cursor=" + Uri.EscapeDataString(filteredCursor!));

        foreach (var response in new[] { otherTenant, ownWithCompanyCursor, companyWithOwnCursor, otherUser, otherTenantOwn, otherFilters })
        {
            await ProblemAssert.IsValidationProblemAsync(response, "cursor");
        }
    }

    private static Task<HttpResponseMessage> SendBytesAsync(HttpClient client, HttpMethod method, string path, byte[] body, string contentType)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.SendAsync(request);
    }
}
