using System.Text.Json.Nodes;
using ActivityService.Core.Activities;

namespace ActivityService.Core.History;

/// <summary>
/// The field changes between two versions of an activity's content. Properties are compared key by
/// key (<c>properties.color</c>) so a history entry says which property changed, not just "properties".
/// </summary>
public static class HistoryDiff
{
    public static IReadOnlyList<FieldChange> Between(ActivityContent? before, ActivityContent? after)
    {
        var previous = Flatten(before);
        var current = Flatten(after);
        var changes = new List<FieldChange>();
        foreach (var name in previous.Keys.Union(current.Keys))
        {
            var old = previous.GetValueOrDefault(name);
            var now = current.GetValueOrDefault(name);
            if (!JsonNode.DeepEquals(old, now))
            {
                changes.Add(new FieldChange(name, old?.DeepClone(), now?.DeepClone()));
            }
        }

        return changes;
    }

    private static Dictionary<string, JsonNode?> Flatten(ActivityContent? content)
    {
        var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (content is null)
        {
            return fields;
        }

        foreach (var (name, value) in ActivityFieldValues.Of(content))
        {
            if (value is JsonObject properties)
            {
                foreach (var (key, propertyValue) in properties)
                {
                    fields["properties." + key] = propertyValue;
                }
            }
            else if (value is not null)
            {
                fields[name] = value;
            }
        }

        return fields;
    }
}
