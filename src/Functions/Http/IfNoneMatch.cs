namespace ActivityService.Functions.Http;

/// <summary>
/// <c>If-None-Match</c> on a read (RFC 9110 §13.1.2): true when the header is <c>*</c> or lists a tag
/// that matches the current one by weak comparison, i.e. equal opaque tags whether or not either is
/// marked <c>W/</c>. A malformed member matches nothing, so the client gets the full response.
/// </summary>
public static class IfNoneMatch
{
    public static bool Matches(HttpRequest request, string currentTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(currentTag);
        var current = Opaque(currentTag);
        foreach (var header in request.Headers.IfNoneMatch)
        {
            if (header is null)
            {
                continue;
            }

            var rest = header.AsSpan();
            while (true)
            {
                rest = rest.TrimStart(" \t,");
                if (rest.IsEmpty)
                {
                    break;
                }

                if (rest[0] == '*')
                {
                    return true;
                }

                var weak = rest.StartsWith("W/", StringComparison.Ordinal);
                var tag = weak ? rest[2..] : rest;
                if (tag.IsEmpty || tag[0] != '"')
                {
                    break; // malformed: stop here
                }

                var close = tag[1..].IndexOf('"');
                if (close < 0)
                {
                    break;
                }

                if (tag[1..(close + 1)].SequenceEqual(current))
                {
                    return true;
                }

                rest = tag[(close + 2)..];
            }
        }

        return false;
    }

    /// <summary>The opaque part of a tag: <c>W/"3"</c> and <c>"3"</c> both give <c>3</c>.</summary>
    private static ReadOnlySpan<char> Opaque(string tag)
    {
        var span = tag.AsSpan();
        if (span.StartsWith("W/", StringComparison.Ordinal))
        {
            span = span[2..];
        }

        return span.Trim('"');
    }
}
