using ActivityService.Core.Storage;

namespace ActivityService.Core.Tests.Storage;

public sealed class ODataFilterTests
{
    [Fact]
    public void Values_are_quoted_so_input_never_reads_as_syntax()
    {
        Assert.Equal("Title eq 'o''brien'' or true or ''x'", ODataFilter.Equal("Title", "o'brien' or true or 'x"));
        Assert.Equal("RowKey ge 'a''b'", ODataFilter.Compare("RowKey", "ge", "a'b"));
    }

    [Fact]
    public void Booleans_and_integers_are_literals()
    {
        Assert.Equal("IsRead eq true", ODataFilter.Equal("IsRead", true));
        Assert.Equal("ReadGeneration ne -3", ODataFilter.NotEqual("ReadGeneration", -3));
        Assert.Equal("(Status eq 'a' or Status eq 'b')", ODataFilter.AnyOf("Status", ["a", "b"]));
    }
}
