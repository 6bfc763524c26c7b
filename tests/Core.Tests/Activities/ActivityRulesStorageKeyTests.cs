using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §3.1 identifiers must also fit a Table Storage key once escaped (three characters per UTF-8 byte of non-ASCII).</summary>
public sealed class ActivityRulesStorageKeyTests
{
    // '日' is three UTF-8 bytes, so nine escaped characters: 53 of them are 477.
    private static readonly string Cjk53 = new('日', 53);

    [Fact]
    public void An_id_escaping_to_exactly_the_limit_is_an_identifier()
    {
        Assert.True(ActivityRules.FitsInStorageKey(Cjk53 + "aaa"));
        Assert.True(ActivityRules.IsIdentifier(Cjk53 + "aaa"));
    }

    [Fact]
    public void An_id_escaping_to_one_over_the_limit_is_not_an_identifier()
    {
        Assert.False(ActivityRules.FitsInStorageKey(Cjk53 + "aaaa"));
        Assert.False(ActivityRules.IsIdentifier(Cjk53 + "aaaa"));
    }

    [Fact]
    public void The_longest_ASCII_identifier_fits()
    {
        Assert.True(ActivityRules.FitsInStorageKey(new string('a', ActivityRules.MaxIdentifierLength)));
        Assert.Equal(480, ActivityRules.MaxEscapedIdentifierLength);
    }
}
