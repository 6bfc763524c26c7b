using System.Text.Json;

namespace ActivityService.Core.Tests.Activities;

internal static class Json
{
    /// <summary>A detached root element, usable after the document is gone, as a request body would be.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
