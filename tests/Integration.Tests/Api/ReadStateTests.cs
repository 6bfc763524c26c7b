using System.Net;
using System.Text.Json;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>Contract §5: read_at, the exact unread count, and mark-all-read.</summary>
public sealed class ReadStateTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task New_activity_of_a_user_is_unread_and_counted()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);

        var created = await admin.CreateActivityAsync(new { title = "New", user_id = "u1" });

        Assert.Equal(JsonValueKind.Null, created.GetProperty("read_at").ValueKind);
        Assert.Equal(1, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Unread_count_is_zero_for_a_user_without_activities()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        await admin.CreateActivityAsync(new { title = "someone else's", user_id = "u2" });
        await admin.CreateActivityAsync(new { title = "nobody's" });

        var response = await user.GetJsonAsync(UnreadCount);

        Assert.Equal(["unread_count", "unseen_count"], response.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, response.GetProperty("unread_count").GetInt32());
    }

    [Fact]
    public async Task Me_patch_read_at_round_trips_as_utc_and_lowers_the_unread_count()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var created = await admin.CreateActivityAsync(new { title = "New", user_id = "u1" });

        using var response = await user.PatchJsonAsync(MyActivities + "/" + created.Id(), new { read_at = "2026-01-15T11:30:00.123+01:00" });

        var patched = await ActivityAssert.IsActivityResponseAsync(response);
        Assert.Equal("2026-01-15T10:30:00.123Z", patched.Text("read_at"));
        Assert.Equal("2026-01-15T10:30:00.123Z", (await user.GetJsonAsync(MyActivities + "/" + created.Id())).Text("read_at"));
        Assert.Equal("2026-01-15T10:30:00.123Z", (await admin.GetJsonAsync(Activities + "/" + created.Id())).Text("read_at"));
        Assert.Equal(0, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Me_patch_read_at_null_makes_it_unread_again()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var created = await admin.CreateActivityAsync(new { title = "New", user_id = "u1", read_at = "2026-01-15T10:30:00Z" });
        Assert.Equal(0, await user.UnreadCountAsync());

        using var response = await user.SendRawAsync(HttpMethod.Patch, MyActivities + "/" + created.Id(), """{"read_at":null}""", "application/merge-patch+json");

        var patched = await ActivityAssert.IsActivityResponseAsync(response);
        Assert.Equal(JsonValueKind.Null, patched.GetProperty("read_at").ValueKind);
        Assert.Equal(1, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Me_patch_with_a_bad_read_at_is_400_and_leaves_it_unread()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var created = await admin.CreateActivityAsync(new { title = "New", user_id = "u1" });

        using var response = await user.PatchJsonAsync(MyActivities + "/" + created.Id(), new { read_at = "now" });

        await ProblemAssert.IsValidationProblemAsync(response, "read_at");
        Assert.Equal(1, await user.UnreadCountAsync());
        Assert.Equal(created.GetRawText(), (await user.GetJsonAsync(MyActivities + "/" + created.Id())).GetRawText());
    }

    [Fact]
    public async Task Admin_patch_of_read_at_also_moves_the_unread_count()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var created = await admin.CreateActivityAsync(new { title = "New", user_id = "u1" });

        using var response = await admin.PatchJsonAsync(Activities + "/" + created.Id(), new { read_at = "2026-01-15T10:30:00Z" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Mark_read_returns_zero_and_every_own_activity_then_shows_read_at()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await admin.CreateActivityAsync(new { title = "New " + i, user_id = "u1" })).Id());
        }

        var other = await admin.CreateActivityAsync(new { title = "u2's", user_id = "u2" });
        Assert.Equal(3, await user.UnreadCountAsync());

        using var response = await user.PostAsync(MarkRead, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"unread_count":0,"unseen_count":0}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await user.UnreadCountAsync());
        foreach (var id in ids)
        {
            var activity = await user.GetJsonAsync(MyActivities + "/" + id);
            ActivityAssert.IsTime(activity.Text("read_at"));
        }

        var listed = await user.ListAllAsync(MyActivities);
        Assert.All(listed, activity => ActivityAssert.IsTime(activity.Text("read_at")));
        Assert.Empty(await user.IdsAsync(MyActivities, "read=false"));
        Assert.Equal(ids.AsEnumerable().Reverse(), await user.IdsAsync(MyActivities, "read=true"));
        Assert.Equal(JsonValueKind.Null, (await admin.GetJsonAsync(Activities + "/" + other.Id())).GetProperty("read_at").ValueKind);
    }

    [Fact]
    public async Task Activity_created_after_mark_read_is_unread()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var before = await admin.CreateActivityAsync(new { title = "before", user_id = "u1" });
        using (var markRead = await user.PostAsync(MarkRead, null))
        {
            Assert.Equal(HttpStatusCode.OK, markRead.StatusCode);
        }

        var after = await admin.CreateActivityAsync(new { title = "after", user_id = "u1" });

        Assert.Equal(JsonValueKind.Null, after.GetProperty("read_at").ValueKind);
        Assert.Equal(1, await user.UnreadCountAsync());
        Assert.Equal([after.Id()], await user.IdsAsync(MyActivities, "read=false"));
        Assert.Equal([before.Id()], await user.IdsAsync(MyActivities, "read=true"));
    }

    [Fact]
    public async Task Marking_one_unread_after_mark_read_counts_it_again()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var first = await admin.CreateActivityAsync(new { title = "first", user_id = "u1" });
        await admin.CreateActivityAsync(new { title = "second", user_id = "u1" });
        using (var markRead = await user.PostAsync(MarkRead, null))
        {
            Assert.Equal(HttpStatusCode.OK, markRead.StatusCode);
        }

        using var response = await user.SendRawAsync(HttpMethod.Patch, MyActivities + "/" + first.Id(), """{"read_at":null}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await user.UnreadCountAsync());
        Assert.Equal([first.Id()], await user.IdsAsync(MyActivities, "read=false"));
        Assert.Equal(JsonValueKind.Null, (await user.GetJsonAsync(MyActivities + "/" + first.Id())).GetProperty("read_at").ValueKind);
    }

    [Fact]
    public async Task Activity_created_read_is_not_counted()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);

        var created = await admin.CreateActivityAsync(new { title = "already read", user_id = "u1", read_at = "2026-01-15T10:30:00Z" });

        Assert.Equal("2026-01-15T10:30:00.000Z", created.Text("read_at"));
        Assert.Equal(0, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Deleting_an_unread_activity_lowers_the_count()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var doomed = await admin.CreateActivityAsync(new { title = "doomed", user_id = "u1" });
        await admin.CreateActivityAsync(new { title = "kept", user_id = "u1" });

        using var response = await admin.DeleteAtAsync(Activities + "/" + doomed.Id());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1, await user.UnreadCountAsync());
    }

    [Fact]
    public async Task Reassigning_an_unread_activity_moves_it_between_users_lists_and_counts()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        using var colleague = await api.StaffAsync(company.Id, "u2");
        var moved = await admin.CreateActivityAsync(new { title = "moved", user_id = "u1" });

        using var response = await admin.PatchJsonAsync(Activities + "/" + moved.Id(), new { user_id = "u2" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await user.UnreadCountAsync());
        Assert.Equal(1, await colleague.UnreadCountAsync());
        Assert.Empty(await user.IdsAsync(MyActivities));
        Assert.Equal([moved.Id()], await colleague.IdsAsync(MyActivities));
        using var gone = await user.GetAsync(MyActivities + "/" + moved.Id());
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unread_count_stays_exact_through_a_series_of_changes()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await admin.CreateActivityAsync(new { title = "n" + i, user_id = "u1" })).Id());
        }

        await ReadAsync(user, ids[0], "2026-01-15T10:30:00Z");
        await ReadAsync(user, ids[1], "2026-01-15T10:30:00Z");
        await ReadAsync(user, ids[1], "2026-01-16T10:30:00Z");
        using (var delete = await user.DeleteAtAsync(MyActivities + "/" + ids[0]))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        using (var delete = await user.DeleteAtAsync(MyActivities + "/" + ids[2]))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(2, await user.UnreadCountAsync());
        var unread = await user.IdsAsync(MyActivities, "read=false");
        Assert.Equal([ids[4], ids[3]], unread);
    }

    [Fact]
    public async Task Unread_count_is_exact_after_concurrent_creates_reads_and_a_mark_read()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var first = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => admin.CreateActivityAsync(new { title = "first " + i, user_id = "u1" })));
        Assert.Equal(6, await user.UnreadCountAsync());

        var markRead = user.PostAsync(MarkRead, null);
        var reads = first.Take(2).Select(activity => ReadAsync(user, activity.Id(), "2026-01-15T10:30:00Z"));
        var second = Enumerable.Range(0, 4).Select(i => admin.CreateActivityAsync(new { title = "second " + i, user_id = "u1" }));
        await Task.WhenAll(reads.Concat(second).Append(markRead));
        using (var marked = await markRead)
        {
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        }

        var unread = await user.IdsAsync(MyActivities, "read=false");
        Assert.Equal(unread.Count, await user.UnreadCountAsync());
        Assert.Equal(10, (await user.IdsAsync(MyActivities)).Count);
        Assert.Equal(10 - unread.Count, (await user.IdsAsync(MyActivities, "read=true")).Count);
        Assert.Equal(unread.Count, (await admin.IdsAsync(Activities, "user_id=u1&read=false")).Count);
        Assert.Equal(unread.Count, (await admin.ListAllAsync(Activities)).Count(activity => activity.GetProperty("read_at").ValueKind == JsonValueKind.Null));
    }

    [Fact]
    public async Task Mark_read_shows_in_the_company_listing_read_filter_for_that_user_only()
    {
        using var company = await CompanyAsync();
        var (admin, user) = (company.Admin, company.User);
        var mine = await admin.CreateActivityAsync(new { title = "u1's", user_id = "u1" });
        var theirs = await admin.CreateActivityAsync(new { title = "u2's", user_id = "u2" });
        using (var markRead = await user.PostAsync(MarkRead, null))
        {
            Assert.Equal(HttpStatusCode.OK, markRead.StatusCode);
        }

        Assert.Equal([theirs.Id()], await admin.IdsAsync(Activities, "read=false"));
        Assert.Equal([mine.Id()], await admin.IdsAsync(Activities, "read=true"));
        Assert.Empty(await admin.IdsAsync(Activities, "user_id=u1&read=false"));
        Assert.Equal([theirs.Id()], await admin.IdsAsync(Activities, "user_id=u2&read=false"));
    }

    private static async Task ReadAsync(HttpClient user, string id, string readAt)
    {
        using var response = await user.PatchJsonAsync(MyActivities + "/" + id, new { read_at = readAt });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A fresh company with its admin and user u1.</summary>
    private async Task<Company> CompanyAsync()
    {
        var id = ApiFixture.NewCompany();
        return new Company(id, await api.AdminAsync(id), await api.StaffAsync(id, "u1"));
    }

    private sealed record Company(string Id, HttpClient Admin, HttpClient User) : IDisposable
    {
        public void Dispose()
        {
            Admin.Dispose();
            User.Dispose();
        }
    }
}
