using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ActivityService.Core.Tests.Activities;

/// <summary>Reads sanitizer output back the way a browser would, to check what it really contains.</summary>
internal static class HtmlInspection
{
    public static readonly string[] AllowedElements = ["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a"];

    public static IReadOnlyList<IElement> Elements(string html) => [.. Parse(html).QuerySelectorAll("*")];

    /// <summary>The deepest element nesting in the markup; 0 for plain text.</summary>
    public static int Depth(string html) => DepthBelow(Parse(html));

    /// <summary>The scheme a browser would find in an href: tabs and newlines dropped, ends trimmed.</summary>
    public static string SchemeOf(string href)
    {
        var cleaned = new string([.. href.Where(c => c is not ('\t' or '\n' or '\r'))])
            .Trim([.. Enumerable.Range(0, 0x21).Select(code => (char)code)]);
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? "" : cleaned[..colon].ToLowerInvariant();
    }

    private static IElement Parse(string html)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html>");
        var holder = document.CreateElement("div");
        foreach (var node in parser.ParseFragment(html, document.Body!).ToArray())
        {
            holder.AppendChild(node);
        }

        return holder;
    }

    private static int DepthBelow(IElement element) =>
        element.Children.Select(child => 1 + DepthBelow(child)).DefaultIfEmpty(0).Max();
}
