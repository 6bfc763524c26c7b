using System.Text.RegularExpressions;
using ActivityService.Core.Activities;
using ActivityService.Core.Storage;

namespace ActivityService.Core.Tests.Storage;

/// <summary>Azure refuses a <c>$filter</c> of more than 15 comparisons; a plan sends what fits and evaluates the rest.</summary>
public sealed partial class FeedPlanComparisonTests
{
    [Theory]
    [InlineData(SortOrder.Descending, true)]
    [InlineData(SortOrder.Descending, false)]
    [InlineData(SortOrder.Ascending, false)]
    public void The_widest_legal_filter_combination_stays_within_15_comparisons(SortOrder sort, bool includeState)
    {
        var query = new FeedQuery
        {
            UserId = "u1",
            ContactId = "c1",
            VisitorId = "v1",
            CustomerId = "k1",
            RelationType = "product",
            RelationId = "r1",
            Statuses = ["pending", "started", "suspended", "completed", "notdone", "cancelled"],
            Directions = ["pivot_to_client", "client_to_pivot", "to_pivot", "to_client"],
            ActivityTypes = [.. Enumerable.Range(0, 20).Select(i => "Type" + i)],
            MessageTypes = [.. Enumerable.Range(0, 20).Select(i => "message_" + i)],
            Sort = sort,
        };
        var plan = FeedPlan.For("acme", query);

        var (filter, inService) = plan.Filter("acme", after: null, includeState: includeState && sort == SortOrder.Descending, readState: null);

        Assert.InRange(Comparisons().Count(filter), 1, 15);
        Assert.NotEmpty(inService);
        Assert.Contains("ContactId eq 'c1'", filter, StringComparison.Ordinal);
    }

    [Fact]
    public void The_issue_combination_six_statuses_four_directions_two_types_a_contact_and_a_user_fits()
    {
        var query = new FeedQuery
        {
            UserId = "u1",
            ContactId = "c1",
            Statuses = ["pending", "started", "suspended", "completed", "notdone", "cancelled"],
            Directions = ["pivot_to_client", "client_to_pivot", "to_pivot", "to_client"],
            ActivityTypes = ["Meeting", "Invoice"],
        };

        var (filter, _) = FeedPlan.For("acme", query).Filter("acme", after: null, includeState: true, readState: null);

        Assert.InRange(Comparisons().Count(filter), 1, 15);
    }

    [GeneratedRegex(@" (eq|ne|gt|ge|lt|le) ")]
    private static partial Regex Comparisons();
}
