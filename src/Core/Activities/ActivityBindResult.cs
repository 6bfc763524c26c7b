using System.Diagnostics.CodeAnalysis;

namespace ActivityService.Core.Activities;

/// <summary>
/// The outcome of binding a request body: valid, sanitized content ready to store, or the problem's
/// <c>errors</c> object (field name to messages, contract §5.7). Never both.
/// </summary>
public sealed record ActivityBindResult
{
    private ActivityBindResult(ActivityContent? content, IReadOnlyDictionary<string, string[]> errors)
    {
        Content = content;
        Errors = errors;
    }

    public ActivityContent? Content { get; }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    [MemberNotNullWhen(true, nameof(Content))]
    public bool IsValid => Content is not null;

    internal static ActivityBindResult Success(ActivityContent content) =>
        new(content, new Dictionary<string, string[]>(StringComparer.Ordinal));

    internal static ActivityBindResult Failure(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);
}
