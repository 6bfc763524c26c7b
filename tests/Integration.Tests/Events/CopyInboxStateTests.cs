using System.Net;
using System.Text;
using System.Text.Json;
using ActivityService.Integration.Tests.Api;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Events;

/// <summary>
/// A late event rebuilds the copies made after its time (copies as of event time). The copies' inbox
/// state belongs to their owner: the rebuild keeps it, and the counts stay equal to a walk of the feed.
/// </summary>
public sealed class CopyInboxStateTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Late_event_rebuilding_copies_keeps_their_read_seen_and_archived_state_and_exact_counts()
    {
        var company = ApiFixture.NewCompany();
        using var user = await api.StaffAsync(company, "u1");
        await PostEventAsync(company, "activityCreated", "2026-01-01 10:00:00", ",\"resourceId\":\"u1\"");
        await WaitForAsync(user, "archived=include", items => items.Count == 1);
        await PostEventAsync(company, "activitySuspended", "2026-01-01 12:00:00", "");
        await WaitForAsync(user, "archived=include", items => items.Count == 2);
        await PostEventAsync(company, "activitySuspended", "2026-01-01 13:00:00", "");
        var copies = await WaitForAsync(user, "archived=include&status=suspended", items => items.Count == 2);
        var (read, archived) = (copies[0].Id(), copies[1].Id());
        using (var patch = await user.PatchJsonAsync(MyActivities + "/" + read, new { read_at = "2026-01-02T00:00:00Z" }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using (var archive = await user.DeleteAtAsync(MyActivities + "/" + archived))
        {
            Assert.Equal(HttpStatusCode.NoContent, archive.StatusCode);
        }

        // Earlier than both copies: it changes the main activity as of their time, so both are rebuilt.
        await PostEventAsync(company, "activityUpdated", "2026-01-01 11:00:00", "", ",\"activityChanges\":{\"title\":\"Retitled\"}");
        var all = await WaitForAsync(user, "archived=include", items => items.All(item => item.Text("title") == "Retitled"));

        var readCopy = all.Single(item => item.Id() == read);
        Assert.NotNull(readCopy.Text("read_at"));
        Assert.NotNull(readCopy.Text("seen_at"));
        Assert.NotNull(all.Single(item => item.Id() == archived).Text("archived_at"));
        var feed = await user.ListAllAsync(MyActivities);
        var counts = await user.GetJsonAsync(UnreadCount);
        Assert.Equal(feed.Count(item => item.Text("read_at") is null), counts.GetProperty("unread_count").GetInt32());
        Assert.Equal(feed.Count(item => item.Text("seen_at") is null), counts.GetProperty("unseen_count").GetInt32());
    }

    private async Task PostEventAsync(string company, string type, string time, string details, string rest = "")
    {
        using var queue = api.Anonymous();
        var body = $$"""{"companyId":"{{company}}","eventType":"{{type}}","time":"{{time}}","activityDetails":{"activityId":"w1"{{details}}}{{rest}}}""";
        using var response = await queue.PostAsync("/api/dev/events", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<List<JsonElement>> WaitForAsync(HttpClient user, string query, Func<List<JsonElement>, bool> done)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var items = await user.ListAllAsync(MyActivities, query);
            if (done(items))
            {
                return items;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The events were not applied within 10 s.");
    }
}
