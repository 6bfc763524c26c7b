using System.Text.Json.Nodes;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// <c>Negotiate</c> (contract §8 in Azure): the binding minted connection info for the user id the client put in
/// <c>x-activity-user</c>; the handler hands it out only to the caller that id belongs to, and manages the
/// admin group membership through the SignalR output.
/// </summary>
public sealed class NegotiateContractTests(FunctionsModeFixture fixture) : IClassFixture<FunctionsModeFixture>
{
    private const string ServiceUrl = "https://activity-signalr.service.signalr.net/client/?hub=activities";
    private const string AccessToken = "eyJhbGciOiJIUzI1NiJ9.service-token.signature";

    [Fact]
    public async Task An_admin_gets_the_connection_info_and_joins_the_company_admin_group()
    {
        var company = FunctionsTestKit.NewCompany();
        var answer = await NegotiateAsync(Invocation(company + ":boss").Bearer(FunctionsTestKit.Token(company, "boss", "admin")));

        Assert.Equal(200, answer.ResStatus);
        Assert.Equal("application/json; charset=utf-8", answer.ResHeaders["Content-Type"]!.GetValue<string>());
        FunctionsTestKit.AssertJsonEqual(new JsonObject { ["url"] = ServiceUrl, ["accessToken"] = AccessToken }, answer.ResBody);
        FunctionsTestKit.AssertJsonEqual(
            JsonNode.Parse($$"""[{"action":"add","groupName":"admins:{{company}}","userId":"{{company}}:boss"}]"""),
            answer.SignalR);
    }

    [Fact]
    public async Task Staff_get_the_connection_info_and_are_kept_out_of_the_admin_group()
    {
        var company = FunctionsTestKit.NewCompany();
        var answer = await NegotiateAsync(Invocation(company + ":u7").Bearer(FunctionsTestKit.Token(company, "u7", "staff")));

        Assert.Equal(200, answer.ResStatus);
        FunctionsTestKit.AssertJsonEqual(new JsonObject { ["url"] = ServiceUrl, ["accessToken"] = AccessToken }, answer.ResBody);
        FunctionsTestKit.AssertJsonEqual(
            JsonNode.Parse($$"""[{"action":"remove","groupName":"admins:{{company}}","userId":"{{company}}:u7"}]"""),
            answer.SignalR);
    }

    [Theory]
    [InlineData("{0}:someone-else")]
    [InlineData("other-company:u7")]
    [InlineData("u7")]
    [InlineData("")]
    public async Task A_user_header_that_is_not_the_tokens_identity_gets_401_and_no_token(string headerFormat)
    {
        var company = FunctionsTestKit.NewCompany();
        var invocation = Invocation(string.Format(System.Globalization.CultureInfo.InvariantCulture, headerFormat, company))
            .Bearer(FunctionsTestKit.Token(company, "u7", "staff"));

        var answer = await NegotiateAsync(invocation);

        AssertRefused(answer);
    }

    [Fact]
    public async Task A_colon_in_an_id_cannot_claim_another_tenants_realtime_user()
    {
        // Tenant x user a:b must not negotiate the realtime id of tenant x:a user b (and vice versa).
        var company = FunctionsTestKit.NewCompany();
        var token = FunctionsTestKit.Token(company, "a:b", "staff");

        var ambiguous = await NegotiateAsync(Invocation(company + ":a:b").Bearer(token));
        var escaped = await NegotiateAsync(Invocation(company + ":a%3Ab").Bearer(token));

        AssertRefused(ambiguous);
        Assert.Equal(200, escaped.ResStatus);
        FunctionsTestKit.AssertJsonEqual(
            JsonNode.Parse($$"""[{"action":"remove","groupName":"admins:{{company}}","userId":"{{company}}:a%3Ab"}]"""),
            escaped.SignalR);
    }

    [Fact]
    public async Task Without_a_token_the_answer_is_401_with_a_bearer_challenge()
    {
        var company = FunctionsTestKit.NewCompany();
        var answer = await NegotiateAsync(Invocation(company + ":u7"));

        AssertRefused(answer);
        Assert.Equal("Bearer", answer.ResHeaders["WWW-Authenticate"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var company = FunctionsTestKit.NewCompany();
        var forged = FunctionsTestKit.Token(company, "boss", "admin", "another-signing-key-that-is-at-least-32-bytes");

        var answer = await NegotiateAsync(Invocation(company + ":boss").Bearer(forged));

        AssertRefused(answer);
    }

    [Fact]
    public async Task The_token_may_come_as_access_token_query_parameter_as_for_the_local_hub()
    {
        var company = FunctionsTestKit.NewCompany();
        var token = FunctionsTestKit.Token(company, "boss", "admin");
        var invocation = new HttpInvocation("POST", "/api/negotiate?negotiateVersion=1&access_token=" + Uri.EscapeDataString(token))
            .Header("x-activity-user", company + ":boss")
            .WithConnectionInfo(ServiceUrl, AccessToken);

        var answer = await NegotiateAsync(invocation);

        Assert.Equal(200, answer.ResStatus);
        Assert.Equal(AccessToken, answer.ResBody["accessToken"]!.GetValue<string>());
    }

    private static void AssertRefused(InvocationAnswer answer)
    {
        Assert.Equal(401, answer.ResStatus);
        Assert.Equal("urn:activity-service:problem:unauthorized", answer.ResBody["type"]!.GetValue<string>());
        Assert.DoesNotContain(AccessToken, answer.Text, StringComparison.Ordinal);
        Assert.Empty(answer.SignalR);
    }

    private static HttpInvocation Invocation(string userHeader) =>
        new HttpInvocation("POST", "/api/negotiate?negotiateVersion=1")
            .Header("x-activity-user", userHeader)
            .WithConnectionInfo(ServiceUrl, AccessToken);

    private async Task<InvocationAnswer> NegotiateAsync(HttpInvocation invocation)
    {
        using var host = fixture.Host();
        return (await InvocationAnswer.PostAsync(host, "Negotiate", invocation.ToJson())).AssertInvocationSucceeded();
    }
}
