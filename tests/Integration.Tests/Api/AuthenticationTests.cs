using System.Net;
using System.Net.Http.Headers;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Contract §2: a request without a valid token carrying sub, company_id and role is 401 and changes nothing.</summary>
public sealed class AuthenticationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string AnyId = "01KAAAAAAAAAAAAAAAAAAAAAAA";

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "POST", Activities },
        { "GET", Activities },
        { "GET", Activities + "/" + AnyId },
        { "PATCH", Activities + "/" + AnyId },
        { "DELETE", Activities + "/" + AnyId },
        { "GET", Activities + "/" + AnyId + "/history" },
        { "GET", MyActivities },
        { "GET", MyActivities + "/" + AnyId },
        { "PATCH", MyActivities + "/" + AnyId },
        { "DELETE", MyActivities + "/" + AnyId },
        { "GET", MyActivities + "/" + AnyId + "/history" },
        { "GET", UnreadCount },
        { "POST", MarkRead },
        { "GET", "/api/activity-message-types" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Protected_route_without_a_token_is_401(string method, string path)
    {
        using var anonymous = api.Anonymous();

        using var response = await anonymous.SendRawAsync(new HttpMethod(method), path, method is "POST" or "PATCH" ? """{"title":"x"}""" : null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Protected_route_with_a_garbage_token_is_401(string method, string path)
    {
        using var client = Tokens.Client(api, "not-a-jwt");

        using var response = await client.SendRawAsync(new HttpMethod(method), path, method is "POST" or "PATCH" ? """{"title":"x"}""" : null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_minted_by_the_test_with_the_servers_key_is_accepted()
    {
        var company = ApiFixture.NewCompany();
        using var client = Tokens.Client(api, Tokens.Mint(Tokens.Claims(company)));

        var activity = await client.CreateActivityAsync(new { title = "x" });

        Assert.Equal(company, activity.Text("company_id"));
    }

    [Theory]
    [InlineData("signed with another key")]
    [InlineData("expired an hour ago")]
    [InlineData("not valid for another hour")]
    [InlineData("from another issuer")]
    [InlineData("for another audience")]
    [InlineData("without company_id")]
    [InlineData("without sub")]
    [InlineData("without role")]
    [InlineData("with an unknown role")]
    [InlineData("with an empty company_id")]
    [InlineData("unsigned (alg none)")]
    [InlineData("with its signature cut off")]
    [InlineData("with role an array of staff and admin")]
    [InlineData("with role an array of admin")]
    [InlineData("with company_id an array")]
    [InlineData("with company_id a number")]
    [InlineData("with sub a number")]
    [InlineData("with role repeated")]
    [InlineData("with company_id repeated")]
    [InlineData("with sub null")]
    [InlineData("with a typ header other than JWT")]
    public async Task Token_that_is_invalid_is_401_and_changes_nothing(string why)
    {
        var company = ApiFixture.NewCompany();
        using var client = Tokens.Client(api, BadToken(why, company));
        using var admin = await api.AdminAsync(company);

        using var create = await client.PostActivityAsync(new { title = "x" });
        using var list = await client.GetAsync(MyActivities);

        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(list, HttpStatusCode.Unauthorized);
        Assert.True(await admin.IdsAsync(Activities) is [], $"A token {why} created an activity.");
    }

    [Fact]
    public async Task An_ambiguous_role_token_is_refused_by_the_hub_too()
    {
        var company = ApiFixture.NewCompany();
        var claims = Tokens.Claims(company);
        claims["role"] = new[] { "staff", "admin" };
        using var client = Tokens.Client(api, Tokens.Mint(claims));

        using var negotiate = await client.PostAsync("/api/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public async Task Basic_authentication_scheme_is_401()
    {
        using var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");

        using var response = await client.GetAsync(MyActivities);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/openapi.json")]
    public async Task Anonymous_routes_ignore_a_bad_token(string path)
    {
        using var client = Tokens.Client(api, "not-a-jwt");

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A token for <paramref name="company"/> that is broken in the way <paramref name="why"/> says.</summary>
    private static string BadToken(string why, string company)
    {
        var claims = Tokens.Claims(company);
        var now = DateTime.UtcNow;
        switch (why)
        {
            case "signed with another key":
                return Tokens.Mint(claims, key: Tokens.OtherKey);
            case "expired an hour ago":
                return Tokens.Mint(claims, notBefore: now.AddHours(-2), expires: now.AddHours(-1));
            case "not valid for another hour":
                return Tokens.Mint(claims, notBefore: now.AddHours(1), expires: now.AddHours(2));
            case "from another issuer":
                return Tokens.Mint(claims, issuer: "someone-else");
            case "for another audience":
                return Tokens.Mint(claims, audience: "another-service");
            case "without company_id" or "without sub" or "without role":
                claims.Remove(why["without ".Length..]);
                return Tokens.Mint(claims);
            case "with an unknown role":
                claims["role"] = "owner";
                return Tokens.Mint(claims);
            case "with an empty company_id":
                claims["company_id"] = "";
                return Tokens.Mint(claims);
            case "unsigned (alg none)":
                return Tokens.Unsigned(company);
            case "with its signature cut off":
                return string.Join('.', Tokens.Mint(claims).Split('.')[..2]) + ".";
            case "with role an array of staff and admin":
                claims["role"] = new[] { "staff", "admin" };
                return Tokens.Mint(claims);
            case "with role an array of admin":
                return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':'{company}','role':['admin']"));
            case "with company_id an array":
                return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':['{company}'],'role':'admin'"));
            case "with company_id a number":
                return Tokens.SignRaw(Tokens.Payload("'sub':'u1','company_id':42,'role':'admin'"));
            case "with sub a number":
                return Tokens.SignRaw(Tokens.Payload($"'sub':7,'company_id':'{company}','role':'admin'"));
            case "with role repeated":
                return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':'{company}','role':'staff','role':'admin'"));
            case "with company_id repeated":
                return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':'other','company_id':'{company}','role':'admin'"));
            case "with sub null":
                return Tokens.SignRaw(Tokens.Payload($"'sub':null,'sub':'u1','company_id':'{company}','role':'admin'"));
            case "with a typ header other than JWT":
                return Tokens.SignRaw(Tokens.Payload($"'sub':'u1','company_id':'{company}','role':'admin'"), """{"alg":"HS256","typ":"JWE"}""");
            default:
                throw new ArgumentOutOfRangeException(nameof(why), why, "No such broken token.");
        }
    }
}
