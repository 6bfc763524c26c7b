using System.Globalization;
using System.Text;
using System.Text.Json;
using ActivityService.Core.Activities;

namespace ActivityService.Core.Events;

/// <summary>
/// Reads a queue message body (UTF-8 JSON, camelCase, contract §6) into a <see cref="LifecycleEvent"/>, or
/// says precisely why it cannot be one. Pure: the same bytes always give the same answer, which is what
/// makes "never retry a poison message" safe.
/// </summary>
public static class EventParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (LifecycleEvent? Event, EventRejection? Rejection) Parse(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            StrictUtf8.GetCharCount(body.Span);
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (Exception error) when (error is JsonException or DecoderFallbackException)
        {
            return Reject(null, "The body is not well-formed UTF-8 JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Reject(null, "The body must be a JSON object.");
            }

            if (root.EnumerateObject().Count(p => p.NameEquals("companyId")) > 1)
            {
                // Which of them is the tenant cannot be known: kept for operators, shown to no tenant.
                return Reject(null, "companyId appears more than once.");
            }

            var companyId = Text(root, "companyId");
            if (companyId is null || !ActivityRules.IsIdentifier(companyId))
            {
                return Reject(null, companyId is null ? "companyId is missing." : "companyId is not a usable tenant id.");
            }

            if (EventBodyChecks.Malformed(root) is { } malformed)
            {
                return Reject(companyId, malformed);
            }

            if (EventBodyChecks.OverLimit(root) is { } overLimit)
            {
                return Reject(companyId, overLimit);
            }

            var eventTypeName = Text(root, "eventType");
            if (eventTypeName is null)
            {
                return Reject(companyId, "eventType is missing.");
            }

            if (!LifecycleEventTypes.TryParse(eventTypeName, out var eventType))
            {
                return Reject(companyId, $"eventType '{Truncate(eventTypeName)}' is unknown.");
            }

            var details = Object(root, "activityDetails");
            var externalId = details is { } d && d.TryGetValue("activityId", out var id) ? ExternalId(id) : null;
            if (externalId is null)
            {
                return Reject(companyId, "activityDetails.activityId is missing or not an integer or identifier.");
            }

            if (!TryParseTime(Text(root, "time"), out var time))
            {
                return Reject(companyId, "time is missing or not 'YYYY-MM-DD HH:MM:SS' (UTC).");
            }

            if (root.TryGetProperty("activityChanges", out var changes) && changes.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return Reject(companyId, "activityChanges must be an object.");
            }

            var evt = new LifecycleEvent(
                companyId,
                eventType,
                externalId,
                time,
                Text(root, "user"),
                Text(root, "applicationId"),
                details!,
                Object(root, "activityChanges") ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal));
            return (evt, null);
        }
    }

    /// <summary>The seed's format <c>YYYY-MM-DD HH:MM:SS</c> in UTC; RFC 3339 is accepted too.</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        time = default;
        if (text is null)
        {
            return false;
        }

        if (DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var plain))
        {
            time = new DateTimeOffset(plain, TimeSpan.Zero);
            return true;
        }

        return Rfc3339.TryParse(text, out time);
    }

    private static string? ExternalId(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String when ActivityRules.IsIdentifier(value.GetString()!) => value.GetString(),
        _ => null,
    };

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, JsonElement>? Object(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
            : null;

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static (LifecycleEvent?, EventRejection?) Reject(string? companyId, string reason) => (null, new EventRejection(companyId, reason));
}
