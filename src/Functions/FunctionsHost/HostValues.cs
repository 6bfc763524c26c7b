using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ActivityService.Functions.FunctionsHost;

/// <summary>
/// Reads values out of the host's invocation payload. The host serializes trigger metadata and non-HTTP
/// inputs one by one before it serializes the whole payload (Azure/azure-functions-host
/// <c>ScriptInvocationContextExtensions.GetHttpScriptInvocationContextValue</c>: a value that is not an object
/// becomes <c>JsonConvert.SerializeObject(value)</c>), so a string arrives JSON-encoded twice
/// (<c>"\"abc\""</c>) and a number arrives as a string (<c>"3"</c>). Every reader here accepts the plain
/// form as well, so it does not depend on which host version sent the payload.
/// </summary>
public static class HostValues
{
    /// <summary>A property by name, ignoring case (the host's serializer keeps .NET casing: <c>Data</c>, <c>Url</c>).</summary>
    public static bool TryGetProperty(JsonElement container, string name, out JsonElement value)
    {
        if (container.ValueKind == JsonValueKind.Object)
        {
            if (container.TryGetProperty(name, out value))
            {
                return true;
            }

            foreach (var property in container.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = property.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>A string: parsed once by the payload parser, and once more when the result is itself a JSON string.</summary>
    public static string? String(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Unquote(value.GetString()!),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A string taken literally, never decoded a second time: for values inside the HTTP request object (header
    /// and query values), which the host writes as they are; an ETag such as <c>"3"</c> must keep its quotes.
    /// </summary>
    public static string? Literal(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    public static string? String(JsonElement container, string name) =>
        TryGetProperty(container, name, out var value) ? String(value) : null;

    /// <summary>A whole number given as a JSON number, a numeric string, or a JSON-encoded numeric string.</summary>
    public static long? Int64(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var number) ? number : null;
        }

        return String(value) is { } text && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    public static long? Int64(JsonElement container, string name) =>
        TryGetProperty(container, name, out var value) ? Int64(value) : null;

    /// <summary>An object given as an object, or as a string holding JSON of an object (possibly encoded twice).</summary>
    public static JsonElement? Object(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return value;
        }

        if (String(value) is not { } text || text.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonElement? Object(JsonElement container, string name) =>
        TryGetProperty(container, name, out var value) ? Object(value) : null;

    /// <summary>
    /// Binary data: base64 text (the host's encoding of <c>byte[]</c>, for Service Bus with
    /// <c>"dataType": "binary"</c> and for octet-stream or multipart HTTP bodies), possibly JSON-encoded twice.
    /// Null when the text is not base64.
    /// </summary>
    public static byte[]? Base64(JsonElement value)
    {
        if (String(value) is not { } text)
        {
            return null;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }

    /// <summary>
    /// The raw bytes of an HTTP trigger's <c>Body</c>. The host sends a string (absent when the request had
    /// no body), or base64 for <c>application/octet-stream</c> and <c>multipart/*</c>. A string that is itself
    /// a JSON string literal is taken as encoded twice and decoded once more.
    /// </summary>
    public static byte[] HttpBody(JsonElement? body, string? contentType)
    {
        if (body is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return Encoding.UTF8.GetBytes(value.GetRawText());
        }

        var binary = contentType is not null
            && (contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase)
                || contentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase));
        if (binary && Base64(value) is { } bytes)
        {
            return bytes;
        }

        return String(value) is { } text ? Encoding.UTF8.GetBytes(text) : [];
    }

    private static string Unquote(string text)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.String)
                {
                    return document.RootElement.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not a JSON string literal after all: keep the text as it is.
            }
        }

        return text;
    }
}
