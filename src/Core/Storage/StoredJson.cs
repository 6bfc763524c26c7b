using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActivityService.Core.Storage;

/// <summary>
/// JSON kept inside table entities. Azure counts a stored string at 2 bytes a character, so the default
/// encoder, which writes <c>&lt;</c> as <c>\u003C</c> (six characters), can push a valid activity past the
/// 1 MiB entity limit. Stored JSON is never served as HTML (the API re-serializes it), so only what JSON
/// itself requires is escaped.
/// </summary>
internal static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// History budget: the stored <c>Changes</c> of one entry stay within this many characters (400,000
    /// bytes as Azure counts them), so an entry and its two timeline copies fit one transaction beside the
    /// activity rows. A diff beyond it keeps every change but cuts long strings (see <see cref="TruncateStrings"/>).
    /// </summary>
    public const int MaxHistoryChangesCharacters = 200_000;

    /// <summary>Characters a string keeps in a truncated history entry; a marker follows.</summary>
    public const int TruncatedStringLength = 256;

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    /// <summary>Cuts every string longer than <see cref="TruncatedStringLength"/> and marks it <c>…[truncated, N characters]</c>.</summary>
    public static JsonNode? TruncateStrings(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && text.Length > TruncatedStringLength =>
            JsonValue.Create(text[..TruncatedStringLength] + "…[truncated, " + text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters]"),
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, TruncateStrings(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(TruncateStrings)]),
        _ => node?.DeepClone(),
    };
}
