using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

public sealed class ActivityRulesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(127)]
    [InlineData(128)]
    public void Identifier_of_1_to_128_characters_is_accepted(int length)
    {
        Assert.True(ActivityRules.IsIdentifier(new string('i', length)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(129)]
    public void Identifier_outside_1_to_128_characters_is_refused(int length)
    {
        Assert.False(ActivityRules.IsIdentifier(new string('i', length)));
    }

    [Fact]
    public void Null_is_no_identifier()
    {
        Assert.False(ActivityRules.IsIdentifier(null));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\tb")]
    [InlineData("ab\u007f")]
    [InlineData("\u0085")]
    public void Identifier_with_a_forbidden_or_control_character_is_refused(string value)
    {
        Assert.False(ActivityRules.IsIdentifier(value));
    }

    [Theory]
    [InlineData("user-1")]
    [InlineData("a b.c_d@e:f")]
    [InlineData("ünïcødé")]
    public void Identifier_with_other_printable_characters_is_accepted(string value)
    {
        Assert.True(ActivityRules.IsIdentifier(value));
    }
}
