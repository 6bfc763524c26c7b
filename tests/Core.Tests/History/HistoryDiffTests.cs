using ActivityService.Core.Activities;
using ActivityService.Core.History;
using ActivityService.Core.Tests.Activities;

namespace ActivityService.Core.Tests.History;

public sealed class HistoryDiffTests
{
    [Fact]
    public void Creation_lists_every_set_field_with_no_previous_value()
    {
        var content = ActivityContents.Minimal with { Status = "pending", Properties = ActivityContents.Properties("""{"color": "red"}""") };

        var changes = HistoryDiff.Between(null, content);

        Assert.Equal(["title", "status", "properties.color"], changes.Select(change => change.Field));
        Assert.All(changes, change => Assert.Null(change.Previous));
        Assert.Equal("\"New order placed\"", changes[0].Current!.ToJsonString());
        Assert.Equal("\"red\"", changes[2].Current!.ToJsonString());
    }

    [Fact]
    public void Deletion_lists_every_set_field_with_no_current_value()
    {
        var changes = HistoryDiff.Between(ActivityContents.Minimal with { UserId = "u1" }, null);

        Assert.Equal(["user_id", "title"], changes.Select(change => change.Field));
        Assert.All(changes, change => Assert.Null(change.Current));
        Assert.Equal("\"u1\"", changes[0].Previous!.ToJsonString());
    }

    [Fact]
    public void Equal_content_has_no_changes()
    {
        var copy = ActivityContents.Full with { Properties = ActivityContents.Properties("""{"amount": 150, "currency": "USD", "paid": false, "note": null}""") };

        Assert.Empty(HistoryDiff.Between(ActivityContents.Full, copy));
    }

    [Fact]
    public void Both_absent_is_no_change()
    {
        Assert.Empty(HistoryDiff.Between(null, null));
    }

    [Fact]
    public void A_changed_field_shows_old_and_new_value()
    {
        var change = Assert.Single(HistoryDiff.Between(ActivityContents.Full, ActivityContents.Full with { Status = "done" }));

        Assert.Equal("status", change.Field);
        Assert.Equal("\"pending\"", change.Previous!.ToJsonString());
        Assert.Equal("\"done\"", change.Current!.ToJsonString());
    }

    [Fact]
    public void A_cleared_field_has_no_current_value()
    {
        var change = Assert.Single(HistoryDiff.Between(ActivityContents.Full, ActivityContents.Full with { Slug = null }));

        Assert.Equal("slug", change.Field);
        Assert.Equal("\"order_placed\"", change.Previous!.ToJsonString());
        Assert.Null(change.Current);
    }

    [Fact]
    public void Properties_are_compared_key_by_key()
    {
        var before = ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"color": "red", "size": 2, "kept": true}""") };
        var after = ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"color": "blue", "kept": true, "added": 0}""") };

        var changes = HistoryDiff.Between(before, after).ToDictionary(change => change.Field);

        Assert.Equal(["properties.color", "properties.size", "properties.added"], changes.Keys);
        Assert.Equal("\"red\"", changes["properties.color"].Previous!.ToJsonString());
        Assert.Equal("\"blue\"", changes["properties.color"].Current!.ToJsonString());
        Assert.Equal("2", changes["properties.size"].Previous!.ToJsonString());
        Assert.Null(changes["properties.size"].Current);
        Assert.Null(changes["properties.added"].Previous);
    }

    [Fact]
    public void Read_at_changes_appear_in_the_served_time_format()
    {
        var readAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, 789, TimeSpan.Zero);

        var change = Assert.Single(HistoryDiff.Between(ActivityContents.Minimal, ActivityContents.Minimal with { ReadAt = readAt }));

        Assert.Equal("read_at", change.Field);
        Assert.Equal("\"2026-02-03T04:05:06.789Z\"", change.Current!.ToJsonString());
    }

    [Fact]
    public void Property_values_are_detached_copies()
    {
        var before = ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"color": "red"}""") };
        var after = ActivityContents.Minimal with { Properties = ActivityContents.Properties("""{"color": "blue"}""") };

        var change = Assert.Single(HistoryDiff.Between(before, after));

        Assert.Null(change.Previous!.Parent);
        Assert.Null(change.Current!.Parent);
    }
}
