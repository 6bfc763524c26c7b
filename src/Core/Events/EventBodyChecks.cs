using System.Text;
using System.Text.Json;
using ActivityService.Core.Storage;

namespace ActivityService.Core.Events;

/// <summary>
/// Checks that make a message poison however often it is delivered (contract §6): JSON that parses but is
/// ambiguous or not valid Unicode, texts over their limits, and ids no storage key can hold.
/// </summary>
internal static class EventBodyChecks
{
    /// <summary>Limit on <c>user</c> and <c>applicationId</c>: they are stored with every history entry.</summary>
    public const int MaxActorChars = 256;

    /// <summary>
    /// Longest escaped id (<see cref="KeyEncoding"/>) a row key may hold. Azure limits a key to 1 KiB of
    /// UTF-16 (512 characters); the longest key adds a prefix and a 26-character activity id to the id.
    /// </summary>
    public const int MaxEscapedIdChars = 440;

    // Stryker disable once Boolean : GetByteCount never counts a byte order mark, so the flag changes nothing here
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first duplicate member name or invalid Unicode text anywhere in the body, or null.</summary>
    public static string? Malformed(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (ReadText(() => property.Name) is not { } name)
                    {
                        return $"A member name under '{Shown(path)}' is not valid Unicode.";
                    }

                    var at = path.Length == 0 ? name : path + "." + name;
                    if (!names.Add(name))
                    {
                        return $"'{Shown(at)}' appears more than once.";
                    }

                    if (Malformed(property.Value, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Malformed(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return ReadText(element.GetString) is null ? $"'{Shown(path)}' is not valid Unicode." : null;
            default:
                return null;
        }
    }

    /// <summary>The first text over its limit, or id too long for a storage key, or null.</summary>
    public static string? OverLimit(JsonElement root)
    {
        foreach (var name in new[] { "user", "applicationId" })
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > MaxActorChars)
            {
                return $"'{name}' is longer than {MaxActorChars} characters.";
            }
        }

        foreach (var (section, key) in new[] { ("activityDetails", "activityId"), ("activityDetails", "resourceId"), ("activityChanges", "resourceId") })
        {
            if (root.TryGetProperty(section, out var holder) && holder.ValueKind == JsonValueKind.Object
                && holder.TryGetProperty(key, out var id) && id.ValueKind == JsonValueKind.String
                && KeyEncoding.Escape(id.GetString()!).Length > MaxEscapedIdChars)
            {
                return $"'{section}.{key}' is too long to be stored as a key.";
            }
        }

        return null;
    }

    /// <summary>The text, or null when it is not valid UTF-16 (a lone surrogate, also one written as an escape).</summary>
    private static string? ReadText(Func<string?> read)
    {
        try
        {
            var text = read() ?? "";
            StrictUtf8.GetByteCount(text);
            return text;
        }
        catch (Exception error) when (error is InvalidOperationException or EncoderFallbackException)
        {
            return null;
        }
    }

    private static string Shown(string path) => path.Length <= 64 ? path : path[..64] + "…";
}
