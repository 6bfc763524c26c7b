using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ActivityService.Core.Storage;

/// <summary>
/// The opaque <c>next_cursor</c>: the row key of the last item served, bound to a fingerprint of the
/// query (index, filters, sort). Using it with another query, or tampering with it, is detected.
/// </summary>
internal static class FeedCursor
{
    public static string Encode(string rowKey, string fingerprint) =>
        Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Payload(rowKey, fingerprint)));

    /// <summary>The row key to continue after, or an error message for the caller.</summary>
    public static (string? RowKey, string? Error) Decode(string cursor, string fingerprint, string expectedPrefix)
    {
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(FromBase64Url(cursor));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, "The cursor is malformed.");
        }

        if (payload?.K is null || payload.Q is null)
        {
            return (null, "The cursor is malformed.");
        }

        if (payload.Q != fingerprint)
        {
            return (null, "The cursor belongs to another listing: another tenant, caller scope, filters or sort order.");
        }

        return payload.K.StartsWith(expectedPrefix, StringComparison.Ordinal) ? (payload.K, null) : (null, "The cursor is malformed.");
    }

    /// <summary>A short, stable hash of the parts that define a listing.</summary>
    public static string Fingerprint(params string?[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => p ?? "\u0000")))))[..16];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => throw new FormatException() };
        return Convert.FromBase64String(padded);
    }

    private sealed record Payload(string? K, string? Q);
}
