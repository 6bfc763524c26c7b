namespace ActivityService.Core.Activities;

/// <summary>
/// Where an allowed element may sit in the sanitized output. Unwrapping disallowed elements can leave
/// nestings an HTML parser would never build (a <c>p</c> in a <c>p</c>, an <c>a</c> in an <c>a</c>, an
/// <c>li</c> in an <c>li</c>); a browser would restructure them on reading. Unwrapping those too keeps
/// the output read back exactly as written, so sanitizing it again changes nothing.
/// </summary>
internal readonly record struct HtmlNesting(bool InParagraph, bool InLink, bool InList)
{
    public static HtmlNesting Root => default;

    public bool Allows(string element) => element switch
    {
        "p" or "ul" or "ol" => !InParagraph,
        "li" => !InParagraph && InList,
        "a" => !InLink,
        _ => true,
    };

    /// <summary>The context for the children of <paramref name="element"/>.</summary>
    public HtmlNesting Enter(string element) => element switch
    {
        "p" => this with { InParagraph = true },
        "a" => this with { InLink = true },
        "ul" or "ol" => this with { InList = true },

        // An li inside this li would close it, unless a new list starts in between.
        "li" => this with { InList = false },
        _ => this,
    };
}
