using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>The node budget, the parsing mode, and link targets a browser cleans before reading the scheme.</summary>
public sealed class FormattedDescriptionSanitizerLimitTests
{
    private static HtmlSanitizeResult Sanitize(string html, int maxNodes = 5_000) =>
        new FormattedDescriptionSanitizer(new FormattedDescriptionSanitizerOptions { MaxNodes = maxNodes }).Sanitize(html);

    [Fact]
    public void Markup_of_exactly_the_node_budget_is_sanitized()
    {
        // Nodes: b, its text, i, its text.
        var result = Sanitize("<b>x</b><i>y</i>", maxNodes: 4);

        Assert.Equal("<b>x</b><i>y</i>", result.Html);
    }

    [Fact]
    public void Markup_of_one_node_over_the_budget_is_rejected()
    {
        var result = Sanitize("<b>x</b><i>y</i>z", maxNodes: 4);

        Assert.False(result.IsSanitized);
        Assert.Equal("Has more than 4 HTML nodes.", result.Error);
    }

    [Fact]
    public void Tags_of_exactly_the_budget_pass_the_count_before_parsing()
    {
        var result = Sanitize("<br><br><br>", maxNodes: 3);

        Assert.Equal("<br><br><br>", result.Html);
    }

    [Fact]
    public void A_budget_that_runs_out_in_the_last_nested_allowed_element_rejects_the_whole()
    {
        // Four tags pass the count before parsing; the fifth node is the text inside i.
        var result = Sanitize("a<b>b<i>c</i></b>", maxNodes: 4);

        Assert.Equal("Has more than 4 HTML nodes.", result.Error);
        Assert.Null(result.Html);
    }

    [Fact]
    public void A_budget_that_runs_out_inside_an_unwrapped_element_rejects_the_whole()
    {
        var result = Sanitize("a<span>b<span>c</span></span>", maxNodes: 4);

        Assert.Equal("Has more than 4 HTML nodes.", result.Error);
    }

    [Fact]
    public void Unwrapped_elements_count_against_the_budget_too()
    {
        Assert.Equal("abc", Sanitize("a<span>b<span>c</span></span>", maxNodes: 5).Html);
    }

    [Fact]
    public void Markup_is_parsed_in_standards_mode_where_a_table_closes_a_paragraph()
    {
        // In quirks mode the table would stay inside the paragraph: "<p>abc</p>".
        var result = Sanitize("<p>a<table><tr><td>b</td></tr></table>c</p>");

        Assert.Equal("<p>a</p>bc<p></p>", result.Html);
    }

    [Fact]
    public void Plaintext_is_dropped_with_everything_after_it()
    {
        Assert.Equal("<b>kept</b>", Sanitize("<b>kept</b><plaintext><b>gone</b> <script>alert(1)</script>").Html);
    }

    [Theory]
    [InlineData("ht\ttps://x.test/", "https://x.test/")]
    [InlineData("ht&#9;tps://x.test/", "https://x.test/")]
    [InlineData("htt&#10;ps://x.test/", "https://x.test/")]
    [InlineData("h&#13;ttps://x.test/", "https://x.test/")]
    [InlineData("mail&#13;&#10;to:jane@x.test", "mailto:jane@x.test")]
    [InlineData(" &#1;&#31; https://x.test/ &#1; ", "https://x.test/")]
    [InlineData("HTTP://x.test/", "HTTP://x.test/")]
    public void A_link_target_is_kept_as_the_browser_will_read_it(string href, string expected)
    {
        Assert.Equal($"<a href=\"{expected}\">x</a>", Sanitize($"<a href=\"{href}\">x</a>").Html);
    }

    [Theory]
    [InlineData(":https://x.test/")]
    [InlineData(" :x")]
    [InlineData("java&#9;script:alert(1)")]
    [InlineData("java&#10;script:alert(1)")]
    [InlineData("java&#13;script:alert(1)")]
    [InlineData("1http://x.test/")]
    [InlineData("h_ttp://x.test/")]
    [InlineData("web+http://x.test/")]
    [InlineData("https")]
    [InlineData("ma\u0130lto:jane@x.test")]
    public void A_link_target_without_an_allowed_scheme_is_dropped(string href)
    {
        Assert.Equal("<a>x</a>", Sanitize($"<a href=\"{href}\">x</a>").Html);
    }

    [Theory]
    [InlineData("a1://x")]
    [InlineData("a+b://x")]
    [InlineData("a-b://x")]
    [InlineData("a.b://x")]
    public void A_well_formed_scheme_that_is_not_allowed_is_dropped(string href)
    {
        Assert.Equal("<a>x</a>", Sanitize($"<a href=\"{href}\">x</a>").Html);
    }

    [Fact]
    public void An_href_attribute_name_in_capitals_is_still_the_link_target()
    {
        Assert.Equal("<a href=\"https://x.test/\">x</a>", Sanitize("<a HREF=\"https://x.test/\">x</a>").Html);
    }
}
