using ActivityService.Core.Activities;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Core.Tests.Activities;

public sealed class FormattedDescriptionSanitizerTests
{
    private static readonly FormattedDescriptionSanitizer Sanitizer = FormattedDescriptionSanitizer.Default;

    [Theory]
    [InlineData("<strong>Jane</strong> placed <a href=\"https://x.test/o?id=1\">an order</a>")]
    [InlineData("<p>One<br>two</p><p><b>bold</b> <i>italic</i> <em>em</em> <u>under</u></p>")]
    [InlineData("<ul><li>first</li><li><ol><li>nested</li></ol></li></ul>")]
    [InlineData("<a href=\"mailto:jane@x.test?subject=Order\">mail</a> <a href=\"http://x.test/\">web</a>")]
    [InlineData("plain text only")]
    [InlineData("")]
    public void Keeps_allowed_markup_intact(string html)
    {
        var result = Sanitizer.Sanitize(html);

        Assert.True(result.IsSanitized);
        Assert.Equal(html, result.Html);
    }

    [Fact]
    public void Normalizes_allowed_markup_to_its_serialized_form()
    {
        var result = Sanitizer.Sanitize("<P>one<BR/>two<p>three");

        Assert.Equal("<p>one<br>two</p><p>three</p>", result.Html);
    }

    [Theory]
    [InlineData("<div><span>Jane</span> <h1>ordered</h1></div>", "Jane ordered")]
    [InlineData("<font color=red><b>hot</b></font>", "<b>hot</b>")]
    [InlineData("<table><tr><td>cell</td></tr></table>", "cell")]
    [InlineData("<img src=x.png alt=photo>caption", "caption")]
    public void Unwraps_disallowed_elements_keeping_their_text(string html, string expected)
    {
        Assert.Equal(expected, Sanitizer.Sanitize(html).Html);
    }

    [Theory]
    [InlineData("script")]
    [InlineData("style")]
    [InlineData("iframe")]
    [InlineData("object")]
    [InlineData("template")]
    [InlineData("noscript")]
    [InlineData("svg")]
    [InlineData("math")]
    [InlineData("textarea")]
    [InlineData("title")]
    [InlineData("xmp")]
    [InlineData("noembed")]
    [InlineData("noframes")]
    public void Drops_code_and_embedded_content_entirely(string element)
    {
        var result = Sanitizer.Sanitize($"before<{element}>inside &amp; text</{element}>after");

        Assert.Equal("beforeafter", result.Html);
    }

    [Fact]
    public void Drops_an_embed_element()
    {
        Assert.Equal("beforeafter", Sanitizer.Sanitize("before<embed src=\"movie.swf\">after").Html);
    }

    [Fact]
    public void Lets_formatting_that_breaks_out_of_svg_through_as_html()
    {
        // An HTML parser ends foreign content at <b>; what follows is ordinary HTML, so it is kept.
        Assert.Equal("<b>bold</b>", Sanitizer.Sanitize("<svg><circle/><b>bold</b></svg>").Html);
    }

    [Fact]
    public void Drops_comments()
    {
        Assert.Equal("ab", Sanitizer.Sanitize("a<!-- <script>alert(1)</script> -->b").Html);
    }

    [Fact]
    public void Drops_every_attribute_except_a_link_target()
    {
        var html = "<p class=\"c\" style=\"color:red\" id=\"x\">t</p><a href=\"https://x.test\" title=\"t\" target=\"_blank\">l</a>";

        Assert.Equal("<p>t</p><a href=\"https://x.test\">l</a>", Sanitizer.Sanitize(html).Html);
    }

    [Fact]
    public void Drops_an_href_on_anything_but_a_link()
    {
        Assert.Equal("<b>x</b>", Sanitizer.Sanitize("<b href=\"https://x.test\">x</b>").Html);
    }

    [Theory]
    [InlineData("/relative/path")]
    [InlineData("//x.test/protocol-relative")]
    [InlineData("#fragment")]
    [InlineData("ftp://x.test/file")]
    [InlineData("tel:+15551234")]
    [InlineData("data:text/html,<b>x</b>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("javascript:alert(1)")]
    public void Drops_a_link_target_whose_scheme_is_not_allowed_but_keeps_the_link_text(string href)
    {
        var result = Sanitizer.Sanitize($"<a href=\"{href}\">text</a>");

        Assert.Equal("<a>text</a>", result.Html);
    }

    [Fact]
    public void Keeps_a_link_target_with_a_differently_cased_allowed_scheme()
    {
        Assert.Equal("<a href=\"HTTPS://x.test/\">x</a>", Sanitizer.Sanitize("<a href=\"HTTPS://x.test/\">x</a>").Html);
    }

    [Fact]
    public void Escapes_text_that_looks_like_markup()
    {
        var result = Sanitizer.Sanitize("a &lt;script&gt; b & c < d \u00a0");

        Assert.Equal("a &lt;script&gt; b &amp; c &lt; d &nbsp;", result.Html);
    }

    [Fact]
    public void Escapes_quotes_and_ampersands_inside_a_link_target()
    {
        var result = Sanitizer.Sanitize("<a href='https://x.test/?a=1&amp;b=\"2\"'>x</a>");

        Assert.Equal("<a href=\"https://x.test/?a=1&amp;b=&quot;2&quot;\">x</a>", result.Html);
    }

    [Theory]
    [InlineData("<p><button><p>inner</p></button></p>", "<p>inner</p>")]
    [InlineData("<a href=\"https://x.test\"><table><tr><td><a href=\"https://y.test\">y</a></td></tr></table></a>", "<a href=\"https://x.test\">y</a>")]
    [InlineData("<ul><li>one<button><li>two</li></button></li></ul>", "<ul><li>onetwo</li></ul>")]
    [InlineData("<li>stray item</li>", "stray item")]
    public void Unwraps_allowed_elements_that_unwrapping_left_where_a_parser_would_move_them(string html, string expected)
    {
        var result = Sanitizer.Sanitize(html);

        Assert.Equal(expected, result.Html);
        Assert.Equal(expected, Sanitizer.Sanitize(expected).Html);
    }

    [Fact]
    public void Rejects_input_over_the_configured_length_without_parsing_it()
    {
        var sanitizer = new FormattedDescriptionSanitizer(new FormattedDescriptionSanitizerOptions { MaxInputLength = 10 });

        var result = sanitizer.Sanitize("<b>eleven</b>");

        Assert.False(result.IsSanitized);
        Assert.Contains("10", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_input_of_exactly_the_configured_length()
    {
        var sanitizer = new FormattedDescriptionSanitizer(new FormattedDescriptionSanitizerOptions { MaxInputLength = 10 });

        Assert.Equal("<b>ten</b>", sanitizer.Sanitize("<b>ten</b>").Html);
    }

    [Fact]
    public void Rejects_64_KiB_plus_one_by_default()
    {
        Assert.False(Sanitizer.Sanitize(new string('x', (64 * 1024) + 1)).IsSanitized);
        Assert.True(Sanitizer.Sanitize(new string('x', 64 * 1024)).IsSanitized);
    }

    [Fact]
    public void Rejects_input_with_more_tags_than_the_node_cap()
    {
        var sanitizer = new FormattedDescriptionSanitizer(new FormattedDescriptionSanitizerOptions { MaxNodes = 100 });

        var result = sanitizer.Sanitize(string.Concat(Enumerable.Repeat("<b>x</b>", 101)));

        Assert.False(result.IsSanitized);
    }

    [Fact]
    public void Rejects_markup_the_parser_would_multiply_past_the_node_cap()
    {
        // Unclosed formatting elements are cloned into every following paragraph.
        const string Formatting = "<b><i><u><em><strong><s><small><big><tt><code><font><nobr><strike>";
        var html = "<p>" + Formatting + Formatting + Formatting + "<a>" + string.Concat(Enumerable.Repeat("<p>x", 900));
        Assert.True(html.Length <= ActivityRules.MaxFormattedDescriptionLength);

        var result = Sanitizer.Sanitize(html);

        Assert.False(result.IsSanitized);
    }

    [Fact]
    public void Flattens_nesting_deeper_than_the_cap_instead_of_recursing_into_it()
    {
        var html = string.Concat(Enumerable.Repeat("<b>", 1000)) + "deep";

        var result = Sanitizer.Sanitize(html);

        Assert.True(result.IsSanitized);
        Assert.Contains("deep", result.Html, StringComparison.Ordinal);
        Assert.True(HtmlInspection.Depth(result.Html) <= new FormattedDescriptionSanitizerOptions().MaxDepth);
        Assert.Equal(result.Html, Sanitizer.Sanitize(result.Html).Html);
    }

    [Fact]
    public void Sanitizing_twice_changes_nothing_more()
    {
        var arbitraryMarkup = Gen.ListOf(Gen.Elements(MarkupFragments), 40)
            .Select(string.Concat)
            .ToArbitrary();

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500),
            Prop.ForAll(arbitraryMarkup, html =>
            {
                var once = Sanitizer.Sanitize(html).Html!;
                return Sanitizer.Sanitize(once).Html == once &&
                    HtmlInspection.Elements(once).All(element => HtmlInspection.AllowedElements.Contains(element.LocalName));
            }));
    }

    private static readonly string[] MarkupFragments =
    [
        "x", " ", "&amp;", "&", "<", ">", "\"", "'", "\u00a0", "\n",
        "<p>", "</p>", "<b>", "</b>", "<i>", "</i>", "<strong>", "<em>", "<u>", "</u>", "<br>", "</br>",
        "<ul>", "</ul>", "<ol>", "<li>", "</li>", "<a href=\"https://x.test/?q=1&r=2\">", "<a href=\"javascript:x\">",
        "<a>", "</a>", "<div>", "</div>", "<span>", "<button>", "</button>", "<table>", "<tr>", "<td>", "</table>",
        "<h1>", "<form>", "</form>", "<select>", "<option>", "<font>", "<nobr>", "<script>", "</script>",
        "<style>", "<svg>", "</svg>", "<math>", "<mtext>", "<textarea>", "<template>", "<!--", "-->", "<![CDATA[",
        "<title>", "<xmp>", "<pre>", "<listing>", "<plaintext>", "<img src=x onerror=y>", "<frameset>",
    ];
}
