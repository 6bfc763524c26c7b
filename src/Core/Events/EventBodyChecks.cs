using System.Text.Json;
using ActivityService.Core.Json;
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

    /// <summary>The first duplicate member name or invalid Unicode text anywhere in the body, or null.</summary>
    public static string? Malformed(JsonElement element)
    {
        if (JsonTextCheck.FindFirst(element) is not { } finding)
        {
            return null;
        }

        // Paths as the reasons have always shown them: from the root's members, without "$.".
        var path = Shown(finding.Path == "$" ? "" : finding.Path.StartsWith("$.", StringComparison.Ordinal) ? finding.Path[2..] : finding.Path[1..]);
        return finding.Problem switch
        {
            JsonTextProblem.InvalidName => $"A member name under '{path}' is not valid Unicode.",
            JsonTextProblem.DuplicateName => $"'{path}' appears more than once.",
            _ => $"'{path}' is not valid Unicode.",
        };
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

    private static string Shown(string path) => path.Length <= 64 ? path : path[..64] + "…";
}
