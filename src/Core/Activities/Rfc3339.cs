using System.Globalization;
using System.Text.RegularExpressions;

namespace ActivityService.Core.Activities;

/// <summary>
/// The time format of the contract (contract §3): RFC 3339 with an explicit offset on the way in,
/// UTC with exactly three fractional digits and <c>Z</c> on the way out.
/// </summary>
public static partial class Rfc3339
{
    // .NET keeps 7 fractional digits; RFC 3339 allows any number, so extra digits are cut, not refused.
    private const int MaxFractionDigits = 7;

    private const string OutputFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>Parses a full RFC 3339 date-time (offset required), normalized to UTC, truncated to milliseconds.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var match = Shape().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var offset = match.Groups["offset"].Value.ToUpperInvariant();
        var normalized = string.Concat(
            match.Groups["date"].Value,
            "T",
            match.Groups["time"].Value,
            fraction.Length > MaxFractionDigits + 1 ? fraction[..(MaxFractionDigits + 1)] : fraction,
            offset == "Z" ? "+00:00" : offset);

        if (!DateTimeOffset.TryParseExact(
                normalized,
                "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var parsed))
        {
            return false;
        }

        value = TruncateToMilliseconds(parsed.ToUniversalTime());
        return true;
    }

    /// <summary>The stored precision is the served precision, so a value read back equals the one written.</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), value.Offset);

    /// <summary>The response form: UTC, exactly three fractional digits (truncated), <c>Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(OutputFormat, CultureInfo.InvariantCulture);

    [GeneratedRegex(
        @"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]+)?(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
