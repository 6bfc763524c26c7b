using System.Diagnostics.CodeAnalysis;

namespace ActivityService.Core.Activities;

/// <summary>Either the sanitized markup or why the input was refused.</summary>
public readonly record struct HtmlSanitizeResult
{
    private HtmlSanitizeResult(string? html, string? error)
    {
        Html = html;
        Error = error;
    }

    public string? Html { get; }

    public string? Error { get; }

    [MemberNotNullWhen(true, nameof(Html))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSanitized => Html is not null;

    public static HtmlSanitizeResult Sanitized(string html) => new(html, null);

    public static HtmlSanitizeResult Rejected(string error) => new(null, error);
}
