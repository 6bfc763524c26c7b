using System.Text.Json;
using ActivityService.Core.Catalog;

namespace ActivityService.Core.Activities;

/// <summary>A muted kind: an activity type, optionally narrowed to one message type.</summary>
public sealed record MuteRule(string ActivityType, string? MessageType);

/// <summary>
/// A user's feed preferences (contract §10): muted kinds are stored and listed but not pushed live and arrive
/// seen; with <see cref="Push"/> off nothing new is pushed to the user live (the counts still are).
/// </summary>
public sealed record InboxPreferences(IReadOnlyList<MuteRule> Muted, bool Push)
{
    public const int MaxRules = 100;

    public static InboxPreferences Default { get; } = new([], true);

    /// <summary>Whether a rule mutes the activity; an activity without a type counts as <c>General</c> (contract §3.3).</summary>
    public bool Mutes(ActivityContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var activityType = content.ActivityType ?? MessageTypeCatalog.GeneralActivityType;
        return Muted.Any(rule =>
            string.Equals(rule.ActivityType, activityType, StringComparison.Ordinal) &&
            (rule.MessageType is null || string.Equals(rule.MessageType, content.MessageType, StringComparison.Ordinal)));
    }

    /// <summary>Whether a new activity is pushed live to its owner.</summary>
    public bool PushesNew(ActivityContent content) => Push && !Mutes(content);

    /// <summary>Binds and validates a <c>PUT /api/me/preferences</c> body; errors name the offending member.</summary>
    public static (InboxPreferences? Preferences, IReadOnlyDictionary<string, string[]>? Errors) Bind(JsonElement body)
    {
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(ActivityJson.BodyErrorKey, "The body must be a JSON object.");
            return (null, errors.ToDictionary());
        }

        var rules = new List<MuteRule>();
        var push = true;
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            if (!named.Add(member.Name))
            {
                errors.Add(member.Name, "Appears more than once in the body.");
            }
            else if (member.Name == "push")
            {
                if (member.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    push = member.Value.GetBoolean();
                }
                else
                {
                    errors.Add("push", "Must be true or false.");
                }
            }
            else if (member.Name == "muted")
            {
                BindRules(member.Value, rules, errors);
            }
            else
            {
                errors.Add(member.Name, "Is not a preference; use muted and push.");
            }
        }

        return errors.IsEmpty ? (new InboxPreferences(rules.Distinct().ToList(), push), null) : (null, errors.ToDictionary());
    }

    private static void BindRules(JsonElement value, List<MuteRule> rules, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("muted", "Must be an array of rules.");
            return;
        }

        if (value.GetArrayLength() > MaxRules)
        {
            errors.Add("muted", $"At most {MaxRules} rules.");
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var path = $"muted[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "Must be an object with activity_type and optionally message_type.");
                continue;
            }

            string? activityType = null;
            string? messageType = null;
            var fields = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in item.EnumerateObject())
            {
                if (!fields.Add(member.Name))
                {
                    errors.Add($"{path}.{member.Name}", "Appears more than once.");
                }
                else if (member.Name is not (ActivityFields.ActivityType or ActivityFields.MessageType))
                {
                    errors.Add($"{path}.{member.Name}", "Is not a field of a rule; use activity_type and message_type.");
                }
                else if (member.Value.ValueKind == JsonValueKind.String && JsonText.TryGetString(member.Value, out var text))
                {
                    (activityType, messageType) = member.Name == ActivityFields.ActivityType ? (text, messageType) : (activityType, text);
                }
                else if (!(member.Name == ActivityFields.MessageType && member.Value.ValueKind == JsonValueKind.Null))
                {
                    errors.Add($"{path}.{member.Name}", "Must be a string.");
                }
            }

            if (activityType is null || !ActivityRules.ActivityType().IsMatch(activityType))
            {
                errors.Add($"{path}.{ActivityFields.ActivityType}", "Is required and must match ^[A-Za-z][A-Za-z0-9]{0,63}$.");
            }
            else if (messageType is not null && !MessageTypeCatalog.Filter(activityType).Any(row => string.Equals(row.MessageType, messageType, StringComparison.Ordinal)))
            {
                errors.Add($"{path}.{ActivityFields.MessageType}", "Must be a message type of this activity type in the catalog (GET /api/activity-message-types).");
            }
            else
            {
                rules.Add(new MuteRule(activityType, messageType));
            }
        }
    }

    /// <summary>The stored and response form: <c>{"muted": [...], "push": bool}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteStartArray("muted");
        foreach (var rule in Muted)
        {
            writer.WriteStartObject();
            writer.WriteString(ActivityFields.ActivityType, rule.ActivityType);
            if (rule.MessageType is not null)
            {
                writer.WriteString(ActivityFields.MessageType, rule.MessageType);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("push", Push);
        writer.WriteEndObject();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads the stored form; it was validated when written.</summary>
    public static InboxPreferences FromJson(string? json)
    {
        if (json is null)
        {
            return Default;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var rules = root.GetProperty("muted").EnumerateArray()
            .Select(rule => new MuteRule(
                rule.GetProperty(ActivityFields.ActivityType).GetString()!,
                rule.TryGetProperty(ActivityFields.MessageType, out var messageType) ? messageType.GetString() : null))
            .ToList();
        return new InboxPreferences(rules, root.GetProperty("push").GetBoolean());
    }
}
