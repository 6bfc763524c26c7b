using System.Globalization;

namespace ActivityService.Functions.Http;

/// <summary>The ETag of an activity is its version (contract §3.2): <c>"3"</c>.</summary>
public static class EntityTags
{
    /// <summary>A version no activity has: an If-Match that names no version of ours can only fail.</summary>
    private const long Unmatchable = -1;

    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The version required by <c>If-Match</c> (contract §3.2): null when the header is absent or <c>*</c>.
    /// Compared strongly, character for character: only the exact tag we send (<c>"3"</c>) matches version 3;
    /// <c>"03"</c>, <c>W/"3"</c> (weak tags never match strongly) or any other well-formed tag cannot match,
    /// so the write answers 412. An empty, blank or malformed header, or more than one tag, is a 400
    /// (<paramref name="problem"/> is set).
    /// </summary>
    public static long? RequiredVersion(HttpRequest request, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        problem = null;
        if (!request.Headers.TryGetValue("If-Match", out var values))
        {
            return null;
        }

        var header = values.Count == 1 ? values[0]?.Trim() ?? "" : "";
        if (header == "*")
        {
            return null;
        }

        if (!IsEntityTag(header))
        {
            problem = Problems.Validation("If-Match", values.Count > 1 || header.Contains(',', StringComparison.Ordinal)
                ? "Send one entity tag, as the ETag of the activity (e.g. \"3\")."
                : "Must be an entity tag such as \"3\" (the ETag of the activity), or *.");
            return null;
        }

        var opaque = header[1..^1];
        return opaque.Length > 0 && opaque[0] != '0' && opaque.All(char.IsAsciiDigit)
            && long.TryParse(opaque, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && Format(version) == header
            ? version
            : Unmatchable;
    }

    /// <summary>RFC 9110 entity-tag: optional <c>W/</c>, then a quoted string of etagc characters.</summary>
    private static bool IsEntityTag(string value)
    {
        var tag = value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
        return tag.Length >= 2 && tag[0] == '"' && tag[^1] == '"'
            && tag[1..^1].All(c => c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF));
    }
}
