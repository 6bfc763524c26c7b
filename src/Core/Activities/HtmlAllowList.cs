using System.Collections.Frozen;

namespace ActivityService.Core.Activities;

/// <summary>
/// What <c>formatted_description</c> may keep (contract §3.1): a few text-formatting elements, and links
/// whose target a browser will open as a web page or a mail draft, never run.
/// </summary>
internal static class HtmlAllowList
{
    public static FrozenSet<string> Elements { get; } =
        FrozenSet.ToFrozenSet(["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a"], StringComparer.Ordinal);

    /// <summary>
    /// Elements whose content is code, styling, another document or raw markup rather than readable
    /// text: they go with everything inside them. Other disallowed elements give up only their tags.
    /// </summary>
    public static FrozenSet<string> DroppedWithContent { get; } = FrozenSet.ToFrozenSet(
        [
            "script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "textarea",
            "title", "xmp", "noembed", "noframes", "plaintext",
        ],
        StringComparer.Ordinal);

    public const string Link = "a";
    public const string LinkTarget = "href";

    private static readonly FrozenSet<string> Schemes =
        FrozenSet.ToFrozenSet(["http", "https", "mailto"], StringComparer.Ordinal);

    // What a URL parser strips from both ends of an href before it looks for the scheme.
    private static readonly char[] C0ControlOrSpace = [.. Enumerable.Range(0, 0x21).Select(code => (char)code)];

    /// <summary>
    /// The href to keep, or null to drop the attribute. Mirrors how a browser finds the scheme (tabs and
    /// newlines removed anywhere, controls and spaces trimmed) and returns that cleaned value, so what is
    /// checked is exactly what a reader's browser will see. Relative URLs have no scheme and are dropped.
    /// </summary>
    public static string? SafeHref(string? decodedValue)
    {
        if (decodedValue is null)
        {
            return null;
        }

        var cleaned = decodedValue.Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal)
            .Trim(C0ControlOrSpace);

        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !IsScheme(cleaned.AsSpan(0, colon)))
        {
            return null;
        }

        return Schemes.Contains(cleaned[..colon].ToLowerInvariant()) ? cleaned : null;
    }

    private static bool IsScheme(ReadOnlySpan<char> candidate)
    {
        if (!char.IsAsciiLetter(candidate[0]))
        {
            return false;
        }

        foreach (var c in candidate)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
