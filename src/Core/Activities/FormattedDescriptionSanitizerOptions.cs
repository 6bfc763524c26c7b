namespace ActivityService.Core.Activities;

/// <summary>Bounds on the work the sanitizer does, so pathological markup costs little and fails fast.</summary>
public sealed record FormattedDescriptionSanitizerOptions
{
    /// <summary>Longer input is rejected without being parsed.</summary>
    public int MaxInputLength { get; init; } = 64 * 1024;

    /// <summary>
    /// Most nodes the parsed markup may hold. The HTML parser clones open formatting elements into
    /// every later block, so a few kilobytes of crafted input can expand into a huge tree; past this
    /// many nodes the input is rejected. The same number bounds the tags in the input before parsing.
    /// </summary>
    public int MaxNodes { get; init; } = 5_000;

    /// <summary>Deeper elements are attached at this depth by the parser, which keeps the walk shallow.</summary>
    public int MaxDepth { get; init; } = 64;
}
