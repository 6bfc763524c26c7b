using System.Net;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Contract §5: POST /api/activities with an Idempotency-Key can be retried safely.</summary>
public sealed class IdempotencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly object Body = new { title = "Invoice sent", user_id = "u1", status = "pending" };

    [Fact]
    public async Task Retry_with_the_same_key_and_body_returns_the_first_result_and_creates_nothing_new()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");
        using var first = await admin.PostActivityAsync(Body, "key-1");
        var original = await ActivityAssert.IsActivityResponseAsync(first, HttpStatusCode.Created);

        using var retry = await admin.PostActivityAsync(Body, "key-1");

        var replayed = await ActivityAssert.IsActivityResponseAsync(retry, HttpStatusCode.Created);
        Assert.Equal(original.GetRawText(), replayed.GetRawText());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal([original.Id()], await admin.IdsAsync(Activities));
        Assert.Equal(1, await user.UnreadCountAsync());
        var history = await admin.ListAllAsync(Activities + "/" + original.Id() + "/history");
        Assert.Single(history);
    }

    [Fact]
    public async Task Same_key_with_another_body_is_409_and_creates_nothing()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var original = await ActivityAssert.IsActivityResponseAsync(await admin.PostActivityAsync(Body, "key-1"), HttpStatusCode.Created);

        using var conflict = await admin.PostActivityAsync(new { title = "Something else", user_id = "u1" }, "key-1");

        await ProblemAssert.IsProblemAsync(conflict, HttpStatusCode.Conflict);
        var all = await admin.ListAllAsync(Activities);
        Assert.Equal([original.Id()], all.Select(ApiRequests.Id));
        Assert.Equal("Invoice sent", all[0].Text("title"));
    }

    [Fact]
    public async Task Different_keys_create_different_activities()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        var one = await ActivityAssert.IsActivityResponseAsync(await admin.PostActivityAsync(Body, "key-1"), HttpStatusCode.Created);
        var two = await ActivityAssert.IsActivityResponseAsync(await admin.PostActivityAsync(Body, "key-2"), HttpStatusCode.Created);

        Assert.NotEqual(one.Id(), two.Id());
        Assert.Equal(2, (await admin.IdsAsync(Activities)).Count);
    }

    [Fact]
    public async Task Without_a_key_each_post_creates_an_activity()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        await admin.CreateActivityAsync(Body);
        await admin.CreateActivityAsync(Body);

        Assert.Equal(2, (await admin.IdsAsync(Activities)).Count);
    }

    [Fact]
    public async Task Retry_after_the_activity_changed_still_returns_the_same_activity_without_creating_one()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var original = await ActivityAssert.IsActivityResponseAsync(await admin.PostActivityAsync(Body, "key-1"), HttpStatusCode.Created);
        using (var patch = await admin.PatchJsonAsync(Activities + "/" + original.Id(), new { status = "completed" }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using var retry = await admin.PostActivityAsync(Body, "key-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(original.Id(), (await retry.ReadJsonAsync()).Id());
        Assert.Equal([original.Id()], await admin.IdsAsync(Activities));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_exactly_one_activity()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var user = await api.StaffAsync(company, "u1");

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => admin.PostActivityAsync(Body, "burst-key")));

        try
        {
            Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
            var ids = new HashSet<string>();
            foreach (var response in responses)
            {
                ids.Add((await response.ReadJsonAsync()).Id());
            }

            var id = Assert.Single(ids);
            Assert.Equal([id], await admin.IdsAsync(Activities));
            Assert.Equal(1, await user.UnreadCountAsync());
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Rejected_create_does_not_use_up_its_key()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        using var invalid = await admin.PostActivityAsync(new { title = "" }, "key-1");
        await ProblemAssert.IsValidationProblemAsync(invalid, "title");

        using var valid = await admin.PostActivityAsync(Body, "key-1");

        var created = await ActivityAssert.IsActivityResponseAsync(valid, HttpStatusCode.Created);
        Assert.Equal([created.Id()], await admin.IdsAsync(Activities));
    }
}
