using System.Globalization;

namespace ActivityService.Functions.Http;

/// <summary>The ETag of an activity is its version (spec §3.2): <c>"3"</c>.</summary>
public static class EntityTags
{
    /// <summary>A version no activity has: an If-Match that names no version of ours can only fail.</summary>
    private const long Unmatchable = -1;

    public static string Format(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// The version required by <c>If-Match</c>: null when absent or <c>*</c>. A weak tag <c>W/"3"</c>
    /// is accepted as 3; a list or anything unparseable cannot match, so the write answers 412.
    /// </summary>
    public static long? RequiredVersion(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length >= 3 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : Unmatchable;
    }
}
