using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using AngleSharp.Html.Parser.Tokens.Struct;

namespace ActivityService.Core.Activities;

/// <summary>
/// Reduces <c>formatted_description</c> markup to the allow-list of contract §3.1. The input is parsed the
/// way a browser parses a body fragment, and only allowed nodes are copied into a new tree, which is
/// then serialized: nothing the browser would read differently from this parser survives as markup.
/// </summary>
public sealed class FormattedDescriptionSanitizer
{
    private readonly FormattedDescriptionSanitizerOptions _options;

    public FormattedDescriptionSanitizer(FormattedDescriptionSanitizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public static FormattedDescriptionSanitizer Default { get; } = new(new FormattedDescriptionSanitizerOptions());

    public HtmlSanitizeResult Sanitize(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (html.Length > _options.MaxInputLength)
        {
            return HtmlSanitizeResult.Rejected($"Is longer than {_options.MaxInputLength} characters.");
        }

        // Every element and comment in the source starts with '<', so this bounds the parser's work.
        if (html.AsSpan().Count('<') > _options.MaxNodes)
        {
            return TooManyNodes();
        }

        var parser = new HtmlParser(new HtmlParserOptions
        {
            MaximumDepth = _options.MaxDepth,
            ShouldEmitAttribute = KeepOnlyLinkTargets,
        });
        // A standards-mode page is what renders the stored markup, so parse in that mode too.
        var document = parser.ParseDocument("<!DOCTYPE html>");
        var source = parser.ParseFragment(html, document.Body!);
        var output = document.CreateElement("div");
        var budget = _options.MaxNodes;
        return CopyAllowed(source, output, HtmlNesting.Root, ref budget)
            ? HtmlSanitizeResult.Sanitized(output.InnerHtml)
            : TooManyNodes();
    }

    private HtmlSanitizeResult TooManyNodes() =>
        HtmlSanitizeResult.Rejected($"Has more than {_options.MaxNodes} HTML nodes.");

    /// <summary>
    /// Attributes other than a link's href are dropped by the tokenizer itself. Besides saving work,
    /// this caps the parser's clone-on-reopen list of formatting elements, which keeps at most three
    /// identical ones: without attributes, elements are identical far more often.
    /// </summary>
    private static bool KeepOnlyLinkTargets(ref StructHtmlToken token, ReadOnlyMemory<char> attributeName) =>
        token.Name.ToString() == HtmlAllowList.Link &&
        attributeName.Span.Equals(HtmlAllowList.LinkTarget, StringComparison.OrdinalIgnoreCase);

    /// <returns>False when the node budget ran out.</returns>
    private static bool CopyAllowed(INodeList sources, INode target, HtmlNesting nesting, ref int budget)
    {
        foreach (var source in sources)
        {
            if (--budget < 0)
            {
                return false;
            }

            switch (source)
            {
                case IText text:
                    target.AppendChild(target.Owner!.CreateTextNode(text.Data));
                    break;
                case IElement element when !ShouldDrop(element):
                    var name = element.LocalName;
                    if (HtmlAllowList.Elements.Contains(name) && nesting.Allows(name))
                    {
                        var copy = target.Owner!.CreateElement(name);
                        if (name == HtmlAllowList.Link &&
                            HtmlAllowList.SafeHref(element.GetAttribute(HtmlAllowList.LinkTarget)) is { } href)
                        {
                            copy.SetAttribute(HtmlAllowList.LinkTarget, href);
                        }

                        target.AppendChild(copy);
                        if (!CopyAllowed(element.ChildNodes, copy, nesting.Enter(name), ref budget))
                        {
                            return false;
                        }
                    }
                    else if (!CopyAllowed(element.ChildNodes, target, nesting, ref budget))
                    {
                        return false;
                    }

                    break;

                // Comments and anything else that is not text or an element: left out.
                default:
                    break;
            }
        }

        return true;
    }

    // Foreign (SVG, MathML) elements only occur inside svg or math, which are dropped whole already;
    // checking the namespace as well keeps that true whatever the parser does.
    private static bool ShouldDrop(IElement element) =>
        element.NamespaceUri != NamespaceNames.HtmlUri || HtmlAllowList.DroppedWithContent.Contains(element.LocalName);
}
