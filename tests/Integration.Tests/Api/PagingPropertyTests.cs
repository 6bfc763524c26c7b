using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using static ActivityService.Integration.Tests.Api.ApiRequests;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// Contract §4: "Walking all pages yields every matching item exactly once, in order, even while new
/// activities are being created." Generated: a company's activities (type, status, user), a filter, a
/// page size, and batches of further activities created concurrently with each page fetch.
/// </summary>
public sealed class PagingPropertyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int Runs = 20;
    private const int MaxInitial = 12;
    private const int MaxPagesWalked = 60;

    private static readonly string[] Types = ["Meeting", "Invoice", "Payment"];
    private static readonly string[] Statuses = ["pending", "started", "completed"];
    private static readonly string[] Users = ["u1", "u2"];

    [Fact]
    public async Task Walking_a_filtered_listing_while_activities_are_created_yields_each_prior_match_once_in_order()
    {
        var property = Prop.ForAll(Scenarios().ToArbitrary(), scenario => Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult());

        await Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), property));
    }

    private static Gen<Scenario> Scenarios()
    {
        var seeds =
            from type in Gen.Elements<string?>([null, .. Types])
            from status in Gen.Elements<string?>([null, .. Statuses])
            from user in Gen.Elements<string?>([null, .. Users])
            select new Seed(type, status, user);
        var batches = Gen.Choose(0, 2).SelectMany(count => Gen.ArrayOf(seeds, count));
        var filters =
            from types in Gen.SubListOf(Types)
            from statuses in Gen.SubListOf(Statuses)
            from user in Gen.Elements<string?>([null, .. Users])
            from oldestFirst in Gen.Elements(false, false, true)
            select new Filter([.. types], [.. statuses], user, oldestFirst);
        return
            from count in Gen.Choose(0, MaxInitial)
            from initial in Gen.ArrayOf(seeds, count)
            from filter in filters
            from limit in Gen.Choose(1, 4)
            from during in Gen.ArrayOf(batches, 6)
            select new Scenario(initial, filter, limit, during);
    }

    private async Task RunAsync(Scenario scenario)
    {
        using var admin = await api.AdminAsync(ApiFixture.NewCompany("page"));
        var before = new List<JsonElement>();
        foreach (var seed in scenario.Initial)
        {
            before.Add(await admin.CreateActivityAsync(seed.Body("before")));
        }

        var expected = Ordered(before.Where(scenario.Filter.Matches), scenario.Filter.Ascending).Select(ApiRequests.Id).ToList();
        var createdDuring = new List<JsonElement>();
        var seen = new List<JsonElement>();
        string? cursor = null;
        var finished = false;
        for (var page = 0; page < MaxPagesWalked && !finished; page++)
        {
            var fetch = admin.PageAsync(WithQuery(Activities, scenario.Filter.Query(scenario.Limit), cursor));
            var create = CreateBatchAsync(admin, page < scenario.During.Length ? scenario.During[page] : [], createdDuring);
            await Task.WhenAll(fetch, create);
            var (items, next) = await fetch;
            Assert.True(items.Count <= scenario.Limit, $"Page {page} has {items.Count} items, over the limit {scenario.Limit}.");
            Assert.True(next is null || items.Count == scenario.Limit, $"Page {page} is short ({items.Count}) but has a next cursor.");
            seen.AddRange(items);
            finished = next is null;
            cursor = next;
        }

        Assert.True(finished, $"The walk did not end within {MaxPagesWalked} pages.");
        var seenIds = seen.Select(ApiRequests.Id).ToList();
        Assert.Equal(seenIds.Count, seenIds.Distinct().Count());
        Assert.All(seen, item => Assert.True(scenario.Filter.Matches(item), $"{item.Id()} does not match the filter."));
        Assert.Equal(Ordered(seen, scenario.Filter.Ascending).Select(ApiRequests.Id), seenIds);
        var known = before.Concat(createdDuring).Select(ApiRequests.Id).ToHashSet();
        Assert.All(seenIds, id => Assert.Contains(id, known));
        Assert.Equal(expected, seenIds.Where(expected.Contains));
        Assert.Equal(expected.Count, seenIds.Count(expected.Contains));
    }

    private static async Task CreateBatchAsync(HttpClient admin, Seed[] batch, List<JsonElement> created)
    {
        foreach (var seed in batch)
        {
            created.Add(await admin.CreateActivityAsync(seed.Body("during")));
        }
    }

    /// <summary>The listing order of contract §4: by created_at, ties broken by id.</summary>
    private static IEnumerable<JsonElement> Ordered(IEnumerable<JsonElement> items, bool ascending)
    {
        var sorted = items.OrderBy(item => item.Text("created_at"), StringComparer.Ordinal).ThenBy(ApiRequests.Id, StringComparer.Ordinal);
        return ascending ? sorted : sorted.Reverse();
    }

    private sealed record Seed(string? Type, string? Status, string? User)
    {
        public Dictionary<string, string?> Body(string title) => new()
        {
            ["title"] = title,
            ["activity_type"] = Type,
            ["status"] = Status,
            ["user_id"] = User,
        };

        public override string ToString() => $"({Type ?? "-"},{Status ?? "-"},{User ?? "-"})";
    }

    private sealed record Filter(string[] Types, string[] Statuses, string? User, bool Ascending)
    {
        public bool Matches(JsonElement activity) =>
            (Types.Length == 0 || Types.Contains(activity.Text("activity_type"))) &&
            (Statuses.Length == 0 || Statuses.Contains(activity.Text("status"))) &&
            (User is null || User == activity.Text("user_id"));

        public string Query(int limit)
        {
            var parts = new List<string> { "limit=" + limit.ToString(CultureInfo.InvariantCulture), "sort=" + (Ascending ? "asc" : "desc") };
            if (Types.Length > 0)
            {
                parts.Add("activity_type=" + string.Join(',', Types));
            }

            if (Statuses.Length > 0)
            {
                parts.Add("status=" + string.Join(',', Statuses));
            }

            if (User is not null)
            {
                parts.Add("user_id=" + User);
            }

            return string.Join('&', parts);
        }

        public override string ToString() => Query(0).Replace("limit=0&", "", StringComparison.Ordinal);
    }

    private sealed record Scenario(Seed[] Initial, Filter Filter, int Limit, Seed[][] During)
    {
        public override string ToString() =>
            $"initial=[{string.Join(" ", Initial.AsEnumerable())}] filter={Filter} limit={Limit} " +
            $"during=[{string.Join(" | ", During.Select(batch => string.Join(" ", batch.AsEnumerable())))}]";
    }
}
