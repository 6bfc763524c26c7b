using System.Text.Json;

namespace ActivityService.Core.Activities;

/// <summary>Reads JSON strings that may hold escapes System.Text.Json refuses to turn into text.</summary>
internal static class JsonText
{
    /// <summary>
    /// False for a string with an unpaired surrogate escape (<c>"\ud800"</c>): valid JSON, but not
    /// text, and <see cref="JsonElement.GetString"/> throws on it rather than returning it.
    /// </summary>
    public static bool TryGetString(JsonElement element, out string text)
    {
        try
        {
            text = element.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }
}
