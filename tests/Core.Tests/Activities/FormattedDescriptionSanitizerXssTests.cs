using System.Text.RegularExpressions;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Tests.Activities;

/// <summary>
/// Filter-evasion vectors in the style of the OWASP XSS cheat sheet: whatever goes in, what comes out
/// must hold nothing a browser would run.
/// </summary>
public sealed partial class FormattedDescriptionSanitizerXssTests
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    public static TheoryData<string> Vectors { get; } = new(
    [
        "<script>alert('XSS')</script>",
        "<SCRIPT SRC=https://x.test/xss.js></SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<SCRIPT/XSS SRC=\"http://x.test/xss.js\"></SCRIPT>",
        "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
        "<SCRIPT SRC=http://x.test/xss.js?< B >",
        "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
        "\"><script>alert(1)</script>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<IMG SRC=# onmouseover=\"alert('xxs')\">",
        "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
        "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
        "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
        "<img src=\"x` `<script>alert(1)</script>\"` `>",
        "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"  javascript:alert(1)  \">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;\">x</a>",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">x</a>",
        "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29\">x</a>",
        "<a href=\"jav\tascript:alert('XSS');\">x</a>",
        "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert('XSS');\">x</a>",
        "<a href=\"jav&#x0D;ascript:alert('XSS');\">x</a>",
        "<a href=\" &#14;  javascript:alert('XSS');\">x</a>",
        "<a href=\"java\0script:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=\"javascript&#58alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
        "<a href=\"vbscript:msgbox('XSS')\">x</a>",
        "<a href=\"http://x.test\" onclick=\"alert(1)\">x</a>",
        "<a href=\"javascript:alert(1)\"><b>x</b></a>",
        "<svg/onload=alert('XSS')>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\">",
        "<template><script>alert(1)</script></template>",
        "<textarea><script>alert(1)</script></textarea>",
        "<BODY ONLOAD=alert('XSS')>",
        "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
        "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
        "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
        "<BGSOUND SRC=\"javascript:alert('XSS');\">",
        "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
        "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
        "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
        "<iframe src=http://x.test/scriptlet.html <",
        "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
        "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">",
        "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
        "<DIV STYLE=\"width: expression(alert('XSS'));\">",
        "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
        "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
        "<STYLE>@import'http://x.test/xss.css';</STYLE>",
        "<p style=\"x:expression(alert(1))\" onmouseover=alert(1)>x</p>",
        "<XSS STYLE=\"behavior: url(xss.htc);\">",
        "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://x.test/scriptlet.html\"></OBJECT>",
        "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48L3N2Zz4=\" type=\"image/svg+xml\">",
        "<BASE HREF=\"javascript:alert('XSS');//\">",
        "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<a href=\"https://x.test\" style=\"position:fixed;top:0\">overlay</a>",
        "<b onmouseover=alert(1)>bold</b><i/onclick=alert(1)>italic</i>",
        "<a href=javascript:alert(1)//https://x.test>x</a>",
        "<li><a href=\"&#x6a;avascript:alert(1)\">a</a></li>",
    ]);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Leaves_nothing_executable(string vector)
    {
        var result = FormattedDescriptionSanitizer.Default.Sanitize(vector);

        Assert.True(result.IsSanitized);
        var html = result.Html;
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(EventHandlerInTag(), html);
        Assert.DoesNotMatch(DangerousHref(), html);
        foreach (var element in HtmlInspection.Elements(html))
        {
            Assert.Contains(element.LocalName, HtmlInspection.AllowedElements);
            foreach (var attribute in element.Attributes)
            {
                Assert.Equal(("a", "href"), (element.LocalName, attribute.Name));
                Assert.Contains(HtmlInspection.SchemeOf(attribute.Value), AllowedSchemes);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_vector_loses_something_to_sanitizing(string vector)
    {
        // A vector that came out unchanged would test nothing, or get through as written.
        var result = FormattedDescriptionSanitizer.Default.Sanitize(vector);

        Assert.NotEqual(vector, result.Html);
    }

    [Fact]
    public void Keeps_the_safe_part_of_a_link_with_an_event_handler()
    {
        var result = FormattedDescriptionSanitizer.Default.Sanitize("<a href=\"http://x.test\" onclick=\"alert(1)\">x</a>");

        Assert.Equal("<a href=\"http://x.test\">x</a>", result.Html);
    }

    [GeneratedRegex(@"<[^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EventHandlerInTag();

    [GeneratedRegex(@"href\s*=\s*[""']?\s*(javascript|data|vbscript):", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DangerousHref();
}
