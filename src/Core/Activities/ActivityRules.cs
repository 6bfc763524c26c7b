using System.Buffers;
using System.Text.RegularExpressions;

namespace ActivityService.Core.Activities;

/// <summary>
/// The limits, value lists and patterns of contract §3.1 in one place, so the validator, the OpenAPI
/// document and the tests all name the same rule. Lengths count UTF-16 code units, as
/// <see cref="string.Length"/> and a browser's <c>maxlength</c> do.
/// </summary>
public static partial class ActivityRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2_000;

    /// <summary>Applies to <c>formatted_description</c> as the client sent it, before sanitizing.</summary>
    public const int MaxFormattedDescriptionLength = 4_000;

    public const int MaxSlugLength = 64;
    public const int MinIdentifierLength = 1;
    public const int MaxIdentifierLength = 128;
    public const int MaxPropertyCount = 50;
    public const int MaxPropertyStringLength = 1_000;

    // Patterns end in \z, not $: in .NET, $ also matches before a trailing newline.
    public const string SlugPattern = @"^[a-z0-9]+([_-][a-z0-9]+)*\z";
    public const string ActivityTypePattern = @"^[A-Za-z][A-Za-z0-9]{0,63}\z";
    public const string PropertyKeyPattern = @"^[A-Za-z][A-Za-z0-9_]{0,63}\z";
    public const string ScheduledDatePattern = @"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z";

    /// <summary>The <c>scheduled_date</c> format, for parsing it as a real calendar date.</summary>
    public const string ScheduledDateFormat = "yyyy-MM-dd";

    /// <summary>Identifiers end up in storage keys and URLs, where these characters are unsafe.</summary>
    public const string IdentifierForbiddenCharacters = "/\\#?";

    public static SearchValues<char> IdentifierForbidden { get; } = SearchValues.Create(IdentifierForbiddenCharacters);

    /// <summary>
    /// The identifier rule of contract §3.1 in one test: 1-128 characters, no control characters, none of
    /// <c>/ \ # ?</c>, and a stored key within Azure's limit. Tenant and user ids from tokens and ids in events follow it too (they become keys).
    /// </summary>
    public static bool IsIdentifier(string? value) =>
        value is { Length: >= MinIdentifierLength and <= MaxIdentifierLength }
        && !value.Any(char.IsControl)
        && !value.AsSpan().ContainsAny(IdentifierForbidden)
        && FitsInStorageKey(value);

    /// <summary>
    /// Azure Table Storage allows 1 KiB per key counted as UTF-16 (512 characters). An id is stored escaped
    /// (<see cref="Storage.KeyEncoding"/>: every byte of a non-ASCII character becomes three characters, so
    /// 128 CJK characters take 1,152) inside row keys that add at most 32 characters of prefix and suffix.
    /// </summary>
    public const int MaxEscapedIdentifierLength = 480;

    public static bool FitsInStorageKey(string value) =>
        Storage.KeyEncoding.EscapedLength(value) <= MaxEscapedIdentifierLength;

    public static IReadOnlyList<string> RelationTypes { get; } =
        ["media", "library", "event", "task", "contact", "note", "product", "page"];

    public static IReadOnlyList<string> Statuses { get; } =
        ["pending", "started", "suspended", "completed", "notdone", "cancelled"];

    [GeneratedRegex(SlugPattern, RegexOptions.CultureInvariant)]
    public static partial Regex Slug();

    [GeneratedRegex(ActivityTypePattern, RegexOptions.CultureInvariant)]
    public static partial Regex ActivityType();

    [GeneratedRegex(PropertyKeyPattern, RegexOptions.CultureInvariant)]
    public static partial Regex PropertyKey();

    [GeneratedRegex(ScheduledDatePattern, RegexOptions.CultureInvariant)]
    public static partial Regex ScheduledDate();
}
