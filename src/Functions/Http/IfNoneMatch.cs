using Microsoft.Net.Http.Headers;

namespace ActivityService.Functions.Http;

/// <summary>
/// <c>If-None-Match</c> on a read (RFC 9110 §13.1.2): true when the header is <c>*</c> or lists a tag
/// that matches the current one by weak comparison, i.e. equal opaque tags whether or not either is
/// marked <c>W/</c>. A malformed header matches nothing, so the client gets the full response.
/// </summary>
public static class IfNoneMatch
{
    public static bool Matches(HttpRequest request, string currentTag)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(currentTag);
        var current = EntityTagHeaderValue.Parse(currentTag);
        return request.GetTypedHeaders().IfNoneMatch.Any(tag =>
            tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
