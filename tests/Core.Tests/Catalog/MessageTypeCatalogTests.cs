using ActivityService.Core.Catalog;

namespace ActivityService.Core.Tests.Catalog;

public sealed class MessageTypeCatalogTests
{
    [Fact]
    public void Equals_the_seed_table_row_for_row()
    {
        // Arrange
        var seed = SeedMessageTypeTable.Read();

        // Act
        var catalog = MessageTypeCatalog.All;

        // Assert
        Assert.Equal(140, seed.Count);
        Assert.Equal(seed.Count, catalog.Count);
        for (var i = 0; i < seed.Count; i++)
        {
            Assert.Equal(seed[i], catalog[i]);
        }
    }

    [Fact]
    public void Has_140_rows()
    {
        Assert.Equal(140, MessageTypeCatalog.All.Count);
    }

    [Fact]
    public void Has_20_distinct_activity_types()
    {
        Assert.Equal(20, MessageTypeCatalog.All.Select(row => row.ActivityType).Distinct().Count());
        Assert.Equal(20, MessageTypeCatalog.ActivityTypes.Count);
    }

    [Fact]
    public void Has_no_duplicate_rows_or_keys()
    {
        var keys = MessageTypeCatalog.All.Select(row => (row.ActivityType, row.MessageType, row.Direction)).ToList();

        Assert.Equal(MessageTypeCatalog.All.Count, MessageTypeCatalog.All.Distinct().Count());
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void Uses_only_the_four_directions()
    {
        Assert.All(MessageTypeCatalog.All, row => Assert.Contains(row.Direction, MessageDirections.All));
    }

    [Theory]
    [InlineData("Meeting", "schedule_invitation", "pivot_to_client")]
    [InlineData("Payment", "payment_received", "to_pivot")]
    [InlineData("General", "engagement_reminder", "to_pivot")]
    public void Contains_a_listed_combination(string activityType, string messageType, string direction)
    {
        Assert.True(MessageTypeCatalog.Contains(activityType, messageType, direction));
    }

    [Fact]
    public void Contains_treats_a_null_activity_type_as_General()
    {
        Assert.True(MessageTypeCatalog.Contains(null, "text", "client_to_pivot"));
        Assert.False(MessageTypeCatalog.Contains(null, "schedule_invitation", "pivot_to_client"));
    }

    [Theory]
    [InlineData("Meeting", "schedule_invitation", "client_to_pivot")]
    [InlineData("Invoice", "schedule_invitation", "pivot_to_client")]
    [InlineData("meeting", "schedule_invitation", "pivot_to_client")]
    [InlineData("Meeting", "Schedule_Invitation", "pivot_to_client")]
    public void Does_not_contain_an_unlisted_or_differently_cased_combination(
        string activityType,
        string messageType,
        string direction)
    {
        Assert.False(MessageTypeCatalog.Contains(activityType, messageType, direction));
    }

    [Fact]
    public void Filter_without_arguments_returns_every_row()
    {
        Assert.Equal(MessageTypeCatalog.All, MessageTypeCatalog.Filter());
    }

    [Fact]
    public void Filter_by_activity_type_returns_only_that_type_in_table_order()
    {
        var rows = MessageTypeCatalog.Filter(activityType: "Estimate");

        Assert.Equal(7, rows.Count);
        Assert.All(rows, row => Assert.Equal("Estimate", row.ActivityType));
        Assert.Equal("request", rows[0].MessageType);
    }

    [Fact]
    public void Filter_by_direction_returns_only_that_direction()
    {
        var rows = MessageTypeCatalog.Filter(direction: MessageDirections.ToClient);

        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Equal(MessageDirections.ToClient, row.Direction));
    }

    [Fact]
    public void Filter_by_both_applies_both()
    {
        var rows = MessageTypeCatalog.Filter("General", MessageDirections.ClientToPivot);

        Assert.Equal(
            ["text", "api", "general_question", "business_text", "document", "system", "activity"],
            rows.Select(row => row.MessageType));
    }

    [Fact]
    public void Filter_by_an_unknown_activity_type_returns_nothing()
    {
        Assert.Empty(MessageTypeCatalog.Filter(activityType: "Unknown"));
    }
}
