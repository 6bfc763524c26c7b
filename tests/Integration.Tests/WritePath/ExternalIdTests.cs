using System.Net;
using System.Text;
using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Events;
using ActivityService.Integration.Tests.Api;
using ActivityService.Integration.Tests.Infrastructure;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.WritePath;

/// <summary>
/// Contract §5/§6: an external id names at most one live activity of a tenant, through the API and events
/// alike; API edits count as changes at the time they were made.
/// </summary>
public sealed class ExternalIdTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Acme = "acme";

    [Fact]
    public async Task Creating_or_patching_to_a_taken_external_id_is_409_and_the_filter_finds_the_holder()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var holder = await admin.CreateActivityAsync(new { title = "Holder", external_id = "4455" });
        var other = await admin.CreateActivityAsync(new { title = "Other", external_id = "5566" });

        using var duplicate = await admin.PostActivityAsync(new { title = "Duplicate", external_id = "4455" });
        using var patched = await admin.PatchJsonAsync(Activities + "/" + other.Id(), new { external_id = "4455" });

        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(patched, HttpStatusCode.Conflict);
        Assert.Equal([holder.Id()], await admin.IdsAsync(Activities, "external_id=4455"));
        Assert.Equal([other.Id()], await admin.IdsAsync(Activities, "external_id=5566"));
        Assert.Equal(2, (await admin.IdsAsync(Activities)).Count);
    }

    [Fact]
    public async Task An_external_id_is_free_again_once_its_holder_is_deleted_or_moves_on()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());
        var first = await admin.CreateActivityAsync(new { title = "First", external_id = "77" });
        using (await admin.DeleteAtAsync(Activities + "/" + first.Id()))
        {
        }

        var second = await admin.CreateActivityAsync(new { title = "Second", external_id = "77" });
        using var moved = await admin.PatchJsonAsync(Activities + "/" + second.Id(), new { external_id = "78" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var third = await admin.CreateActivityAsync(new { title = "Third", external_id = "77" });

        Assert.Equal([third.Id()], await admin.IdsAsync(Activities, "external_id=77"));
    }

    [Fact]
    public async Task Concurrent_creates_with_one_external_id_store_one_activity()
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany());

        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await admin.PostActivityAsync(new { title = "Racer " + i, external_id = "99" });
            return response.StatusCode;
        }));

        Assert.Single(statuses, s => s == HttpStatusCode.Created);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(await admin.IdsAsync(Activities, "external_id=99"));
    }

    [Fact]
    public async Task An_event_finds_the_activity_created_through_the_api()
    {
        var (harness, processor) = await CreateAsync();
        var created = await harness.CreateAsync(Acme, new ActivityContent { Title = "Boiler service", ExternalId = "4455", UserId = "tech-7" });

        var result = await processor.ProcessAsync(new EventDelivery("m1", 1, 1, Event("activityStarted", "2026-01-15 10:30:00")));

        Assert.Equal(EventApplyStatus.Applied, result.Status);
        var only = Assert.Single(await harness.ListAllAsync(Acme, new FeedQuery()));
        Assert.Equal((created.Id, "Boiler service", "started"), (only.Id, only.Content.Title, only.Content.Status));
    }

    [Fact]
    public async Task An_older_event_does_not_overwrite_a_field_an_api_edit_set_but_a_newer_one_does()
    {
        var (harness, processor) = await CreateAsync();
        var created = await harness.CreateAsync(Acme, new ActivityContent { Title = "Boiler service", ExternalId = "4455" });
        harness.Clock.Advance(TimeSpan.FromMinutes(30)); // the edit is made at 10:30
        var edit = new ActivityEdit(ActivityPrecondition.None, a => EditResult.Accept(a.Content with { Status = "cancelled" }));
        Assert.Equal(WriteStatus.Done, (await harness.Store.UpdateAsync(Acme, created.Id, edit, ChangeContext.Api("admin"))).Status);

        await processor.ProcessAsync(new EventDelivery("late", 1, 1, Event("activityStarted", "2026-01-15 10:15:00")));
        Assert.Equal("cancelled", (await harness.Store.GetAsync(Acme, created.Id))!.Content.Status);

        await processor.ProcessAsync(new EventDelivery("newer", 1, 2, Event("activityCompleted", "2026-01-15 10:45:00")));
        Assert.Equal("completed", (await harness.Store.GetAsync(Acme, created.Id))!.Content.Status);
    }

    [Fact]
    public async Task A_copy_reflects_the_activity_as_of_its_events_time_whatever_the_arrival_order()
    {
        var (harness, processor) = await CreateAsync();
        await processor.ProcessAsync(new EventDelivery("created", 1, 1, Encoding.UTF8.GetBytes(
            """{"companyId":"acme","eventType":"activityCreated","time":"2026-01-15 10:00:00","activityDetails":{"activityId":4455,"resourceId":"tech-1"},"activityChanges":{"title":"Boiler service"}}""")));
        await processor.ProcessAsync(new EventDelivery("moved", 1, 2, Encoding.UTF8.GetBytes(
            """{"companyId":"acme","eventType":"activityMoved","time":"2026-01-15 12:00:00","activityDetails":{"activityId":4455,"resourceId":"tech-2"},"activityChanges":{"title":"Boiler service, second visit"}}""")));
        await processor.ProcessAsync(new EventDelivery("suspended", 1, 3, Event("activitySuspended", "2026-01-15 11:00:00")));

        var all = await harness.ListAllAsync(Acme, new FeedQuery());
        var copy = Assert.Single(all, a => a.Content.Status == "suspended");
        Assert.Equal(("tech-1", "Boiler service"), (copy.Content.UserId, copy.Content.Title));
        var main = Assert.Single(all, a => a.Content.ExternalId == "4455");
        Assert.Equal(("tech-2", "Boiler service, second visit"), (main.Content.UserId, main.Content.Title));
    }

    private static async Task<(StoreHarness Harness, EventProcessor Processor)> CreateAsync()
    {
        var harness = await StoreHarness.CreateAsync();
        return (harness, new EventProcessor(harness.Store, new ActivityIds(harness.Clock), harness.Clock));
    }

    private static byte[] Event(string type, string time) => Encoding.UTF8.GetBytes(
        "{\"companyId\":\"acme\",\"eventType\":\"" + type + "\",\"time\":\"" + time + "\",\"user\":\"dispatcher\",\"activityDetails\":{\"activityId\":4455}}");
}
