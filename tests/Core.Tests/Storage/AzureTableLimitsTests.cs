using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Tests.Storage;

/// <summary>The strict-Azure rules themselves; tests/Integration.Tests/Storage/StrictAzureLimitsTests.cs shows them on the wire.</summary>
public sealed class AzureTableLimitsTests
{
    [Theory]
    [InlineData("PartitionKey eq 'a'", 1)]
    [InlineData("PartitionKey eq 'a' and RowKey ge 'b' and RowKey lt 'c'", 3)]
    [InlineData("(Status eq 'x' or Status ne 'y') and N gt 4 and N le 9", 4)]
    [InlineData("Title eq 'it''s eq ne gt ge lt le'", 1)]
    [InlineData("equal eq 'leq' and GreaterThan eq true", 2)]
    public void Counts_comparisons_outside_string_literals(string filter, int expected) =>
        Assert.Equal(expected, AzureTableLimits.CountComparisons(filter));

    [Fact]
    public void Filter_of_15_comparisons_passes_and_16_is_refused()
    {
        var fifteen = string.Join(" or ", Enumerable.Range(0, 15).Select(i => $"N eq {i}"));

        Assert.Null(AzureTableLimits.CheckFilter(fifteen));
        Assert.Equal("InvalidInput", AzureTableLimits.CheckFilter(fifteen + " or N eq 15")?.ErrorCode);
    }

    [Fact]
    public void Filter_longer_than_2_KiB_is_refused()
    {
        var filter = $"Title eq '{new string('x', AzureTableLimits.MaxFilterChars)}'";

        Assert.Equal(414, AzureTableLimits.CheckFilter(filter)?.Status);
    }

    [Fact]
    public void Entity_size_follows_the_service_formula()
    {
        var entity = new TableEntity("pk", "rk1")
        {
            ["S"] = "abc", // 8 + 2 + (6 + 4)
            ["I"] = 1, // 8 + 2 + 4
            ["L"] = 1L, // 8 + 2 + 8
            ["B"] = true, // 8 + 2 + 1
            ["G"] = Guid.Empty, // 8 + 2 + 16
            ["Bytes"] = new byte[] { 1, 2 }, // 8 + 10 + (2 + 4)
            ["Absent"] = null,
        };

        Assert.Equal(4 + 4 + 6 + 20 + 14 + 18 + 11 + 26 + 24, AzureTableLimits.EntitySize(entity));
    }

    [Fact]
    public void Keys_of_512_characters_pass_and_513_are_refused()
    {
        Assert.Null(AzureTableLimits.CheckKeys(new string('p', 512), new string('r', 512)));
        Assert.Equal("KeyValueTooLarge", AzureTableLimits.CheckKeys(new string('p', 513), "r")?.ErrorCode);
        Assert.Equal("KeyValueTooLarge", AzureTableLimits.CheckKeys("p", new string('é', 513))?.ErrorCode);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    public void Keys_with_characters_Azure_refuses_are_refused(string key)
    {
        Assert.Equal("OutOfRangeInput", AzureTableLimits.CheckKeys(key, "r")?.ErrorCode);
        Assert.Equal("OutOfRangeInput", AzureTableLimits.CheckKeys("p", key)?.ErrorCode);
    }

    [Fact]
    public void Keys_with_quotes_percent_and_unicode_pass() =>
        Assert.Null(AzureTableLimits.CheckKeys("o'brien %20 co", "it's 100% ~ok ✓"));

    [Fact]
    public void Entity_of_252_properties_passes_and_253_is_refused()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 252; i++)
        {
            entity[$"P{i}"] = i;
        }

        Assert.Null(AzureTableLimits.CheckEntity(entity));
        entity["P252"] = 252;
        Assert.Equal("TooManyProperties", AzureTableLimits.CheckEntity(entity)?.ErrorCode);
    }

    [Fact]
    public void String_of_32K_characters_passes_and_one_more_is_refused()
    {
        var entity = new TableEntity("p", "r") { ["Text"] = new string('x', AzureTableLimits.MaxStringChars) };
        Assert.Null(AzureTableLimits.CheckEntity(entity));

        entity["Text"] = new string('x', AzureTableLimits.MaxStringChars + 1);
        Assert.Equal("PropertyValueTooLarge", AzureTableLimits.CheckEntity(entity)?.ErrorCode);
    }

    [Fact]
    public void Binary_over_64_KiB_is_refused() =>
        Assert.Equal("PropertyValueTooLarge", AzureTableLimits.CheckEntity(new TableEntity("p", "r") { ["Data"] = new byte[AzureTableLimits.MaxPropertyValueBytes + 1] })?.ErrorCode);

    [Fact]
    public void Property_name_over_255_characters_is_refused() =>
        Assert.Equal("PropertyNameTooLong", AzureTableLimits.CheckEntity(new TableEntity("p", "r") { [new string('n', 256)] = 1 })?.ErrorCode);

    [Fact]
    public void Entity_over_1_MiB_by_the_formula_is_refused_although_its_UTF8_is_far_smaller()
    {
        // 17 ASCII strings of 32,000 characters: about 544 KB of UTF-8, but 2 bytes a character for Azure.
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 17; i++)
        {
            entity[$"Part{i}"] = new string('x', 32_000);
        }

        Assert.True(AzureTableLimits.EntitySize(entity) > AzureTableLimits.MaxEntityBytes);
        Assert.Equal("EntityTooLarge", AzureTableLimits.CheckEntity(entity)?.ErrorCode);
        entity["Part16"] = null;
        Assert.Null(AzureTableLimits.CheckEntity(entity));
    }
}
