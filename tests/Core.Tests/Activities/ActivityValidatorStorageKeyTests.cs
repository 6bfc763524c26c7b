using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Contract §3.1 identifiers that are valid text but too long once escaped for a storage key, with the message clients read.</summary>
public sealed class ActivityValidatorStorageKeyTests
{
    private const string Message =
        "Too long for a storage key: each non-ASCII character counts as 3 to 12 of at most 480 (ASCII letters, digits and - _ . @ : count 1, other ASCII 3).";

    // '日' escapes to nine characters: 53 of them and "aaaa" are 481.
    private static readonly string TooLong = new string('日', 53) + "aaaa";

    [Fact]
    public void An_identifier_over_the_escaped_limit_is_refused_with_the_reason()
    {
        var errors = ActivityValidator.Validate(new ActivityContent { Title = "t", UserId = TooLong });

        Assert.Equal([Message], errors["user_id"]);
    }

    [Fact]
    public void An_identifier_at_the_escaped_limit_is_accepted()
    {
        var errors = ActivityValidator.Validate(new ActivityContent { Title = "t", UserId = new string('日', 53) + "aaa" });

        Assert.False(errors.ContainsKey("user_id"));
    }
}
