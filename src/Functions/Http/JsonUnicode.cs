using System.Text.Json;

namespace ActivityService.Functions.Http;

/// <summary>
/// Finds text in a parsed JSON body that is not valid Unicode: a member name or string value with invalid
/// UTF-8 bytes or an escape that leaves a lone surrogate (<c>"\ud800"</c>). The parser accepts both and
/// fails only when the text is read, so the whole body is checked before anything uses it.
/// </summary>
public static class JsonUnicode
{
    /// <summary>The JSON path of the first invalid text (a member name is named as its parent's member), or null.</summary>
    public static string? FindInvalid(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (!TryText(() => member.Name, out var name))
                    {
                        return path + " (a member name)";
                    }

                    if (FindInvalid(member.Value, path + "." + name) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalid(item, path + "[" + index++ + "]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return TryText(element.GetString, out _) ? null : path;
            default:
                return null;
        }
    }

    private static bool TryText(Func<string?> read, out string text)
    {
        try
        {
            text = read() ?? "";
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }

        return IsWellFormedUtf16(text);
    }

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
