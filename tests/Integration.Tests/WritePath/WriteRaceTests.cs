using System.Net;
using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Integration.Tests.Api;
using ActivityService.Integration.Tests.Infrastructure;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.WritePath;

/// <summary>Contract §3.2: concurrent writers never see a 5xx; the loser of a race gets 404 or 412.</summary>
public sealed class WriteRaceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    public async Task Concurrent_deletes_of_one_activity_give_one_204_and_404s(int deletes)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var id = (await admin.CreateActivityAsync(new { title = "Contended", user_id = "u1" })).Id();

        var statuses = await Task.WhenAll(Enumerable.Range(0, deletes).Select(async _ =>
        {
            using var response = await admin.DeleteAtAsync(Activities + "/" + id);
            return response.StatusCode;
        }));

        Assert.Single(statuses, s => s == HttpStatusCode.NoContent);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.NoContent, HttpStatusCode.NotFound }));
    }

    [Fact]
    public async Task Delete_racing_patches_and_the_owners_dismiss_never_answers_5xx()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await api.AdminAsync(company);
        using var owner = await api.StaffAsync(company, "u1");
        for (var round = 0; round < 3; round++)
        {
            var id = (await admin.CreateActivityAsync(new { title = "Contended", user_id = "u1" })).Id();
            var writes = new List<Task<HttpStatusCode>>();
            for (var i = 0; i < 6; i++)
            {
                var n = i;
                writes.Add(StatusOf(() => admin.PatchJsonAsync(Activities + "/" + id, new { title = "Edit " + n })));
                writes.Add(StatusOf(() => admin.DeleteAtAsync(Activities + "/" + id)));
                writes.Add(StatusOf(() => owner.DeleteAtAsync(MyActivities + "/" + id)));
                writes.Add(StatusOf(() => owner.PatchJsonAsync(MyActivities + "/" + id, new { read_at = "2026-01-15T10:00:00Z" })));
            }

            var statuses = await Task.WhenAll(writes);

            Assert.All(statuses, s => Assert.True((int)s < 500, $"A racing write answered {(int)s}."));
        }
    }

    [Fact]
    public async Task An_update_and_a_delete_of_one_work_order_processed_together_both_succeed_first_time()
    {
        for (var round = 0; round < 5; round++)
        {
            var harness = await StoreHarness.CreateAsync();
            var processor = new EventProcessor(harness.Store, new ActivityIds(harness.Clock), harness.Clock);
            await processor.ProcessAsync(new EventDelivery("created", 1, 1, Body("activityCreated", "10:00:00")));

            var results = await Task.WhenAll(
                processor.ProcessAsync(new EventDelivery("updated", 1, 2, Body("activityUpdated", "10:30:00"))),
                processor.ProcessAsync(new EventDelivery("deleted", 1, 3, Body("activityDeleted", "11:00:00"))),
                processor.ProcessAsync(new EventDelivery("updated-2", 1, 4, Body("activityUpdated", "10:40:00"))));

            Assert.All(results, r => Assert.Equal(EventApplyStatus.Applied, r.Status));
            Assert.Empty(await harness.ListAllAsync("acme", new FeedQuery()));
        }
    }

    private static byte[] Body(string type, string time) => Encoding.UTF8.GetBytes(
        "{\"companyId\":\"acme\",\"eventType\":\"" + type + "\",\"time\":\"2026-01-15 " + time + "\",\"user\":\"dispatcher\"," +
        "\"activityDetails\":{\"activityId\":4455,\"resourceId\":\"tech-7\"},\"activityChanges\":{\"title\":\"Fix " + type + "\"}}");

    private static async Task<HttpStatusCode> StatusOf(Func<Task<HttpResponseMessage>> send)
    {
        using var response = await send();
        return response.StatusCode;
    }
}
