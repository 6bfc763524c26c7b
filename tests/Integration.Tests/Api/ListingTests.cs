using System.Globalization;
using System.Net;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// Six activities, A (oldest) to F (newest), in one company, created once for the whole class. The
/// listing tests only read them, and name expected results by title, newest first unless sorted asc.
/// </summary>
public sealed class ListingFixture : ApiFixture
{
    public string Company { get; } = NewCompany("list");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var admin = await AdminAsync(Company);
        object[] activities =
        [
            new
            {
                title = "A", user_id = "u1", contact_id = "c1", activity_type = "Meeting", message_type = "schedule_invitation",
                direction = "pivot_to_client", status = "pending", relation_type = "product", relation_id = "p1",
            },
            new { title = "B", user_id = "u2", contact_id = "c2", visitor_id = "v1", activity_type = "Invoice", status = "completed" },
            new
            {
                title = "C", user_id = "u1", customer_id = "k1", activity_type = "Meeting", message_type = "cancelled",
                direction = "client_to_pivot", status = "cancelled", relation_type = "note", relation_id = "n1",
            },
            new { title = "D", user_id = "u2", contact_id = "c1", visitor_id = "v2", activity_type = "Payment", status = "pending" },
            new { title = "E", message_type = "text", direction = "to_pivot", relation_type = "product", relation_id = "p2", customer_id = "k2" },
            new { title = "F", user_id = "u1", contact_id = "c2", activity_type = "Invoice", status = "started", read_at = "2026-01-15T10:30:00Z" },
        ];
        foreach (var activity in activities)
        {
            await admin.CreateActivityAsync(activity);
        }
    }
}

/// <summary>Contract §4: filters, sort, limits, cursors and the created-at range.</summary>
public sealed class ListingTests(ListingFixture data) : IClassFixture<ListingFixture>
{
    [Theory]
    [InlineData("", "F,E,D,C,B,A")]
    [InlineData("sort=desc", "F,E,D,C,B,A")]
    [InlineData("sort=asc", "A,B,C,D,E,F")]
    [InlineData("user_id=u1", "F,C,A")]
    [InlineData("user_id=u3", "")]
    [InlineData("contact_id=c1", "D,A")]
    [InlineData("visitor_id=v1", "B")]
    [InlineData("customer_id=k1", "C")]
    [InlineData("relation_type=product", "E,A")]
    [InlineData("relation_id=p1", "A")]
    [InlineData("relation_type=product&relation_id=p2", "E")]
    [InlineData("activity_type=Meeting", "C,A")]
    [InlineData("activity_type=Meeting,Invoice", "F,C,B,A")]
    [InlineData("activity_type=Nothing", "")]
    [InlineData("message_type=schedule_invitation,text", "E,A")]
    [InlineData("direction=client_to_pivot", "C")]
    [InlineData("direction=pivot_to_client,to_pivot", "E,A")]
    [InlineData("status=pending", "D,A")]
    [InlineData("status=pending,cancelled", "D,C,A")]
    [InlineData("activity_type=Meeting,Invoice&status=completed,cancelled", "C,B")]
    [InlineData("activity_type=Meeting&contact_id=c1", "A")]
    [InlineData("user_id=u1&status=started", "F")]
    [InlineData("read=true", "F")]
    [InlineData("read=false", "E,D,C,B,A")]
    [InlineData("user_id=u1&read=false", "C,A")]
    [InlineData("user_id=u1&read=true", "F")]
    [InlineData("user_id=u1&sort=asc", "A,C,F")]
    [InlineData("contact_id=c1&sort=asc", "A,D")]
    [InlineData("read=false&status=pending&sort=asc", "A,D")]
    [InlineData("limit=2", "F,E")]
    [InlineData("limit=2&sort=asc", "A,B")]
    public async Task Company_listing_filters_and_sorts(string query, string expectedTitles)
    {
        using var admin = await data.AdminAsync(data.Company);

        Assert.Equal(expectedTitles, await admin.TitlesAsync(Activities, query));
    }

    [Theory]
    [InlineData("u1", "", "F,C,A")]
    [InlineData("u1", "sort=asc", "A,C,F")]
    [InlineData("u1", "status=pending", "A")]
    [InlineData("u1", "read=false", "C,A")]
    [InlineData("u1", "read=true", "F")]
    [InlineData("u1", "activity_type=Invoice", "F")]
    [InlineData("u1", "contact_id=c2", "F")]
    [InlineData("u1", "direction=client_to_pivot", "C")]
    [InlineData("u1", "activity_type=Meeting&sort=asc", "A,C")]
    [InlineData("u1", "relation_type=product&relation_id=p1", "A")]
    [InlineData("u2", "", "D,B")]
    [InlineData("u2", "visitor_id=v1", "B")]
    [InlineData("u3", "", "")]
    public async Task Own_listing_filters_within_the_users_activities(string userId, string query, string expectedTitles)
    {
        using var user = await data.StaffAsync(data.Company, userId);

        Assert.Equal(expectedTitles, await user.TitlesAsync(MyActivities, query));
    }

    [Theory]
    [InlineData(Activities, "", 1)]
    [InlineData(Activities, "", 4)]
    [InlineData(Activities, "sort=asc", 1)]
    [InlineData(Activities, "sort=asc", 5)]
    [InlineData(Activities, "read=false", 2)]
    [InlineData(Activities, "status=pending,cancelled&sort=asc", 1)]
    [InlineData(Activities, "user_id=u1", 1)]
    [InlineData(Activities, "user_id=u1&read=false&sort=asc", 1)]
    [InlineData(MyActivities, "", 1)]
    [InlineData(MyActivities, "sort=asc", 2)]
    [InlineData(MyActivities, "read=false", 1)]
    public async Task Walking_all_pages_yields_the_single_page_result_exactly_once(string path, string query, int limit)
    {
        using var client = await data.Server.ClientAsync(data.Company, "u1", "admin");
        var (whole, end) = await client.PageAsync(WithQuery(path, Join(query, "limit=100"), null));
        Assert.Null(end);

        var walked = await client.ListAllAsync(path, Join(query, "limit=" + limit.ToString(CultureInfo.InvariantCulture)));

        Assert.NotEmpty(whole);
        Assert.Equal(whole.Select(ApiRequests.Id), walked.Select(ApiRequests.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(7)]
    public async Task Next_cursor_is_null_exactly_on_the_last_page(int limit)
    {
        using var admin = await data.AdminAsync(data.Company);
        var expectedPages = (6 + limit - 1) / limit;
        var pages = new List<(int Count, string? Cursor)>();
        string? cursor = null;

        for (var page = 0; page < 10; page++)
        {
            var (items, next) = await admin.PageAsync(WithQuery(Activities, "limit=" + limit.ToString(CultureInfo.InvariantCulture), cursor));
            pages.Add((items.Count, next));
            if (next is null)
            {
                break;
            }

            cursor = next;
        }

        Assert.Equal(expectedPages, pages.Count);
        Assert.All(pages.SkipLast(1), page => Assert.Equal((limit, true), (page.Count, page.Cursor is not null)));
        Assert.Null(pages[^1].Cursor);
        Assert.Equal(6 - (limit * (expectedPages - 1)), pages[^1].Count);
    }

    [Fact]
    public async Task Next_cursor_is_null_when_a_filter_leaves_nothing_after_a_full_page()
    {
        using var admin = await data.AdminAsync(data.Company);

        var (items, next) = await admin.PageAsync(Activities + "?status=pending&limit=2");

        Assert.Equal(["D", "A"], items.Select(item => item.Text("title")));
        Assert.Null(next);
    }

    [Theory]
    [InlineData("limit=1", 1)]
    [InlineData("limit=100", 6)]
    public async Task Limit_accepts_its_bounds(string query, int expectedCount)
    {
        using var admin = await data.AdminAsync(data.Company);

        var (items, _) = await admin.PageAsync(Activities + "?" + query);

        Assert.Equal(expectedCount, items.Count);
    }

    [Fact]
    public async Task Default_limit_is_25()
    {
        using var admin = await data.AdminAsync(ApiFixture.NewCompany());
        for (var i = 0; i < 26; i++)
        {
            await admin.CreateActivityAsync(new { title = "n" + i.ToString(CultureInfo.InvariantCulture) });
        }

        var (first, cursor) = await admin.PageAsync(Activities);
        var (second, end) = await admin.PageAsync(Activities + "?cursor=" + Uri.EscapeDataString(cursor!));

        Assert.Equal(25, first.Count);
        Assert.Equal("n25", first[0].Text("title"));
        Assert.Equal("n0", Assert.Single(second).Text("title"));
        Assert.Null(end);
    }

    [Fact]
    public async Task Created_from_is_inclusive_and_created_to_is_exclusive()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await data.AdminAsync(company);
        using var user = await data.StaffAsync(company, "u1");
        var created = new Dictionary<string, string>();
        foreach (var title in new[] { "W", "X", "Y", "Z" })
        {
            created[title] = (await admin.CreateActivityAsync(new { title, user_id = "u1" })).Text("created_at")!;
            await Task.Delay(5);
        }

        var x = Uri.EscapeDataString(created["X"]);
        var z = Uri.EscapeDataString(created["Z"]);
        Assert.True(string.CompareOrdinal(created["W"], created["X"]) < 0 && string.CompareOrdinal(created["Y"], created["Z"]) < 0);

        Assert.Equal("Y,X", await admin.TitlesAsync(Activities, $"created_from={x}&created_to={z}"));
        Assert.Equal("X,Y", await admin.TitlesAsync(Activities, $"created_from={x}&created_to={z}&sort=asc"));
        Assert.Equal("Z,Y,X", await admin.TitlesAsync(Activities, $"created_from={x}"));
        Assert.Equal("W", await admin.TitlesAsync(Activities, $"created_to={x}"));
        Assert.Equal("W", await admin.TitlesAsync(Activities, $"created_to={x}&sort=asc"));
        Assert.Equal("", await admin.TitlesAsync(Activities, $"created_from={x}&created_to={x}"));
        Assert.Equal("Y,X", await user.TitlesAsync(MyActivities, $"created_from={x}&created_to={z}"));
        Assert.Equal("X,Y", await user.TitlesAsync(MyActivities, $"created_from={x}&created_to={z}&sort=asc"));
        Assert.Equal("Y,X", await admin.TitlesAsync(Activities, $"user_id=u1&created_from={x}&created_to={z}"));
    }

    [Fact]
    public async Task Created_range_accepts_any_utc_offset()
    {
        var company = ApiFixture.NewCompany();
        using var admin = await data.AdminAsync(company);
        var first = await admin.CreateActivityAsync(new { title = "first" });
        await Task.Delay(5);
        await admin.CreateActivityAsync(new { title = "second" });
        var from = first.Time("created_at").ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

        Assert.Equal("second,first", await admin.TitlesAsync(Activities, "created_from=" + Uri.EscapeDataString(from)));
        Assert.Equal("", await admin.TitlesAsync(Activities, "created_to=" + Uri.EscapeDataString(from)));
    }

    [Fact]
    public async Task Every_listed_item_is_a_full_activity_of_the_callers_company()
    {
        using var admin = await data.AdminAsync(data.Company);

        var items = await admin.ListAllAsync(Activities);

        Assert.Equal(6, items.Count);
        Assert.All(items, item =>
        {
            ActivityAssert.IsActivity(item);
            Assert.Equal(data.Company, item.Text("company_id"));
        });
    }

    [Fact]
    public async Task Listing_response_has_exactly_data_and_next_cursor()
    {
        using var admin = await data.AdminAsync(data.Company);

        using var response = await admin.GetAsync(Activities + "?limit=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var page = await response.ReadJsonAsync();
        Assert.Equal(["data", "next_cursor"], page.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static string Join(string query, string more) => query.Length == 0 ? more : query + "&" + more;
}
