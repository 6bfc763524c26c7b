using System.Text;
using System.Text.Json;

namespace ActivityService.Core.Json;

/// <summary>What makes a parsed JSON document ambiguous or not text, though the parser accepted it.</summary>
public enum JsonTextProblem
{
    /// <summary>A member name with invalid UTF-8 bytes or a lone surrogate (also one written as an escape).</summary>
    InvalidName = 1,

    /// <summary>A string value with invalid UTF-8 bytes or a lone surrogate.</summary>
    InvalidValue = 2,

    /// <summary>A member name that appears twice in one object.</summary>
    DuplicateName = 3,
}

/// <summary>The first problem found and where: a JSON path such as <c>$.activityDetails.activityId</c>.</summary>
/// <remarks>For <see cref="JsonTextProblem.InvalidName"/> the path is the object holding the name.</remarks>
public sealed record JsonTextFinding(JsonTextProblem Problem, string Path);

/// <summary>
/// Walks a parsed document for text the parser lets through but nothing downstream can use: invalid
/// Unicode in names or values (System.Text.Json accepts it and fails only when the text is read), and
/// duplicate member names (the parser keeps both, so readers would disagree on which one counts).
/// Request bodies and lifecycle events are checked with it before anything uses them.
/// </summary>
public static class JsonTextCheck
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The first problem in document order, or null when every name and string is sound.</summary>
    public static JsonTextFinding? FindFirst(JsonElement element) => Find(element, "$");

    private static JsonTextFinding? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                {
                    if (ReadText(() => member.Name) is not { } name)
                    {
                        return new JsonTextFinding(JsonTextProblem.InvalidName, path);
                    }

                    var at = path + "." + name;
                    if (!names.Add(name))
                    {
                        return new JsonTextFinding(JsonTextProblem.DuplicateName, at);
                    }

                    if (Find(member.Value, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return ReadText(element.GetString) is null ? new JsonTextFinding(JsonTextProblem.InvalidValue, path) : null;
            default:
                return null;
        }
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
}
