using System.Text.Json;
using ActivityService.Core.Events;

namespace ActivityService.Core.Tests.Events;

/// <summary>Contract §6 copies as of their event's time: every clocked value with its stamp, its bounds and its stored form.</summary>
public sealed class FieldHistoryTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_768_473_000_123);

    [Fact]
    public void The_first_record_keeps_the_value_before_it_at_the_origin()
    {
        var history = FieldHistory.Empty.With("status", At(10), Value("done"), Value("open"));

        Assert.Equal("open", ValueAsOf(history, "status", FieldHistory.Origin));
        Assert.Equal("open", ValueAsOf(history, "status", At(9)));
        Assert.Equal("done", ValueAsOf(history, "status", At(10)));
        Assert.Equal("done", ValueAsOf(history, "status", At(11)));
    }

    [Fact]
    public void A_field_absent_before_its_first_record_is_null_until_then()
    {
        var history = FieldHistory.Empty.With("properties.x", At(10), Value("1"), null);

        var (field, value) = Assert.Single(history.AsOf(At(9)));
        Assert.Equal("properties.x", field);
        Assert.Null(value);
    }

    [Fact]
    public void The_value_before_is_ignored_once_the_field_is_recorded()
    {
        var history = FieldHistory.Empty
            .With("status", At(10), Value("done"), Value("open"))
            .With("status", At(20), Value("closed"), Value("ignored"));

        Assert.Equal("open", ValueAsOf(history, "status", At(9)));
        Assert.Equal(3, history.Fields["status"].Count);
    }

    [Fact]
    public void Recording_the_same_stamp_again_changes_nothing()
    {
        var history = FieldHistory.Empty.With("status", At(10), Value("done"), Value("open"));

        Assert.Same(history, history.With("status", At(10), Value("other"), null));
        Assert.Equal("done", ValueAsOf(history, "status", At(10)));
    }

    [Fact]
    public void A_late_record_is_placed_in_stamp_order()
    {
        var history = FieldHistory.Empty
            .With("status", At(30), Value("c"), Value("origin"))
            .With("status", At(10), Value("a"), null)
            .With("status", At(20), Value("b"), null);

        Assert.Equal([FieldHistory.Origin, At(10), At(20), At(30)], history.Fields["status"].Select(e => e.Stamp));
        Assert.Equal("a", ValueAsOf(history, "status", At(15)));
        Assert.Equal("b", ValueAsOf(history, "status", At(25)));
        Assert.Equal("c", ValueAsOf(history, "status", At(35)));
    }

    [Fact]
    public void Fields_are_kept_apart()
    {
        var history = FieldHistory.Empty
            .With("status", At(10), Value("done"), Value("open"))
            .With("title", At(20), Value("new"), Value("old"));

        var asOf = history.AsOf(At(15)).ToDictionary(pair => pair.Field, pair => pair.Value?.GetString());

        Assert.Equal(new Dictionary<string, string?> { ["status"] = "done", ["title"] = "old" }, asOf);
    }

    [Fact]
    public void At_the_limit_the_oldest_value_after_the_origin_is_dropped()
    {
        var history = FieldHistory.Empty;
        for (var i = 1; i < FieldHistory.MaxEntriesPerField; i++)
        {
            history = history.With("status", At(i), Value($"v{i}"), Value("origin"));
        }

        Assert.Equal(FieldHistory.MaxEntriesPerField, history.Fields["status"].Count);

        history = history.With("status", At(100), Value("last"), null);

        var stamps = history.Fields["status"].Select(e => e.Stamp).ToList();
        Assert.Equal(FieldHistory.MaxEntriesPerField, stamps.Count);
        Assert.Equal(FieldHistory.Origin, stamps[0]);
        Assert.Equal(At(2), stamps[1]);
        Assert.Equal(At(100), stamps[^1]);
        Assert.Equal("origin", ValueAsOf(history, "status", At(1)));
    }

    [Fact]
    public void The_stored_form_lists_milliseconds_sequence_and_value()
    {
        var history = FieldHistory.Empty.With("status", new EventStamp(Start, 42), Value("done"), null);

        Assert.Equal(
            """{"status":[[-9223372036854775808,-9223372036854775808],[1768473000123,42,"done"]]}""",
            history.Serialize());
    }

    [Fact]
    public void The_stored_form_reads_back_equal()
    {
        var history = FieldHistory.Empty
            .With("status", At(10), Value("done"), Value("open"))
            .With("properties.x", At(20), Value("1"), null);

        var read = FieldHistory.Deserialize(history.Serialize());

        Assert.Equal(history.Serialize(), read.Serialize());
        Assert.Equal([FieldHistory.Origin, At(10)], read.Fields["status"].Select(e => e.Stamp));
        Assert.Null(read.Fields["properties.x"][0].Value);
        Assert.Equal("open", ValueAsOf(read, "status", At(5)));
        Assert.Equal("1", ValueAsOf(read, "properties.x", At(20)));
    }

    [Fact]
    public void Read_field_names_are_case_sensitive()
    {
        var read = FieldHistory.Deserialize("""{"status":[[-9223372036854775808,-9223372036854775808,"a"]]}""");

        Assert.True(read.Fields.ContainsKey("status"));
        Assert.False(read.Fields.ContainsKey("Status"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_stored_reads_as_empty(string? json)
    {
        Assert.Same(FieldHistory.Empty, FieldHistory.Deserialize(json));
    }

    [Fact]
    public void A_stored_form_over_the_limit_drops_the_oldest_values_of_the_longest_field()
    {
        var big = new string('x', 4_000);
        var history = FieldHistory.Empty.With("small", At(1), Value("s1"), Value("s0")).With("small", At(2), Value("s2"), null);
        for (var i = 1; i <= 10; i++)
        {
            history = history.With("big", At(i), Value(big + i), Value("origin"));
        }

        var json = history.Serialize();
        var read = FieldHistory.Deserialize(json);

        Assert.InRange(json.Length, 1, FieldHistory.MaxSerializedChars);
        Assert.Equal(3, read.Fields["small"].Count);
        var bigStamps = read.Fields["big"].Select(e => e.Stamp).ToList();
        Assert.Equal([FieldHistory.Origin, At(4), At(5), At(6), At(7), At(8), At(9), At(10)], bigStamps);
    }

    [Fact]
    public void A_stored_form_within_the_limit_keeps_every_value()
    {
        var history = FieldHistory.Empty;
        for (var i = 1; i <= 10; i++)
        {
            history = history.With("big", At(i), Value(new string('x', 2_000)), null);
        }

        Assert.Equal(11, FieldHistory.Deserialize(history.Serialize()).Fields["big"].Count);
    }

    [Fact]
    public void A_single_value_over_the_limit_is_stored_whole()
    {
        var history = FieldHistory.Empty.With("big", At(1), Value("later"), Value(new string('x', 40_000)));

        var json = history.Serialize();

        Assert.True(json.Length > FieldHistory.MaxSerializedChars);
        Assert.Equal(FieldHistory.Origin, Assert.Single(FieldHistory.Deserialize(json).Fields["big"]).Stamp);
    }

    private static EventStamp At(int sequence) => new(Start.AddMinutes(sequence), sequence);

    private static JsonElement Value(string text) => JsonSerializer.SerializeToElement(text);

    private static string? ValueAsOf(FieldHistory history, string field, EventStamp stamp) =>
        history.AsOf(stamp).Single(pair => pair.Field == field).Value?.GetString();
}
