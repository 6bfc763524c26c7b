using System.Globalization;
using System.Text.Json;
using Azure;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// Entities to and from the service's JSON (minimal metadata): types JSON cannot carry by itself
/// travel as <c>"Name@odata.type"</c> annotations, 64-bit integers as strings.
/// </summary>
internal static class TableEntityJson
{
    public static byte[] Serialize(TableEntity entity)
    {
        if (entity.Properties.Count > TablePropertyTypes.MaxCustomProperties)
        {
            throw new ArgumentException($"An entity holds at most {TablePropertyTypes.MaxCustomProperties} properties.", nameof(entity));
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", entity.PartitionKey);
            json.WriteString("RowKey", entity.RowKey);
            foreach (var (name, value) in entity.Properties)
            {
                WriteProperty(json, name, value);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static TableEntity Deserialize(JsonElement element, ETag? etagHeader = null)
    {
        var entity = new TableEntity(
            element.GetProperty("PartitionKey").GetString()!,
            element.GetProperty("RowKey").GetString()!);

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.Contains('@', StringComparison.Ordinal) || name.StartsWith("odata.", StringComparison.Ordinal)
                || name is "PartitionKey" or "RowKey")
            {
                continue;
            }

            if (name == "Timestamp")
            {
                entity.Timestamp = DateTimeOffset.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture);
                continue;
            }

            var type = element.TryGetProperty(name + "@odata.type", out var annotation) ? annotation.GetString() : null;
            entity[name] = ReadValue(property.Value, type);
        }

        if (element.TryGetProperty("odata.etag", out var etag))
        {
            entity.ETag = new ETag(etag.GetString()!);
        }
        else if (etagHeader is { } header)
        {
            entity.ETag = header;
        }

        return entity;
    }

    private static void WriteProperty(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                json.WriteString(name, s);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case int i:
                json.WriteNumber(name, i);
                break;
            case long l:
                json.WriteString(name + "@odata.type", "Edm.Int64");
                json.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                json.WriteString(name + "@odata.type", "Edm.Double");
                if (double.IsFinite(d))
                {
                    json.WriteNumber(name, d);
                }
                else
                {
                    json.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }

                break;
            case DateTimeOffset t:
                json.WriteString(name + "@odata.type", "Edm.DateTime");
                json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                break;
            case Guid g:
                json.WriteString(name + "@odata.type", "Edm.Guid");
                json.WriteString(name, g.ToString("D"));
                break;
            case byte[] bytes:
                json.WriteString(name + "@odata.type", "Edm.Binary");
                json.WriteBase64String(name, bytes);
                break;
            default:
                throw new ArgumentException($"Property '{name}' has unsupported type {value.GetType().Name}.", nameof(value));
        }
    }

    private static object? ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => long.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.DateTime" => DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        "Edm.Guid" => Guid.Parse(value.GetString()!),
        "Edm.Binary" => value.GetBytesFromBase64(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out var i) => i,
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"Unexpected JSON value kind {value.ValueKind} in an entity."),
        },
    };
}
