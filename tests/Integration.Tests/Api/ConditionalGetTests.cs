using System.Net;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// Every single-activity GET carries an ETag and honours If-None-Match (RFC 9110 §13.1.2): a match
/// (weak comparison, or <c>*</c>) answers 304 with the ETag and no body; anything else answers 200.
/// </summary>
public sealed class ConditionalGetTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    public static TheoryData<string> SingleActivityPaths => new() { Activities, MyActivities };

    [Theory]
    [MemberData(nameof(SingleActivityPaths))]
    public async Task A_matching_If_None_Match_answers_304_without_a_body_and_a_changed_activity_answers_200(string route)
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var owner = await api.StaffAsync(company, "u1");
        var client = route == Activities ? admin : owner;
        var created = await admin.CreateActivityAsync(new { title = "Visit", user_id = "u1", activity_type = "Meeting" });
        var path = route + "/" + created.Id();

        using var first = await client.GetAsync(new Uri(path, UriKind.Relative));
        var tag = first.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(ETagOf(1), tag);

        foreach (var header in new[] { tag, "W/" + tag, "\"7\", " + tag, "*" })
        {
            using var again = await SendAsync(client, path, header);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Equal(tag, again.Headers.ETag!.Tag);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        }

        foreach (var header in new[] { "\"2\"", "W/\"2\"", "3", "garbage" })
        {
            using var other = await SendAsync(client, path, header);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using var patched = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { title = "Visit moved" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        using var changed = await SendAsync(client, path, tag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(ETagOf(2), changed.Headers.ETag!.Tag);
        Assert.Equal("Visit moved", (await changed.ReadJsonAsync()).Text("title"));
    }

    [Fact]
    public async Task If_None_Match_star_on_a_missing_activity_is_still_404()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        using var response = await SendAsync(admin, Activities + "/nothing-here", "*");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return client.SendAsync(request);
    }
}
