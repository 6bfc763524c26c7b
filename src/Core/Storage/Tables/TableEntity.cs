using Azure;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// One Table Storage entity: keys, the service's ETag and timestamp, and typed properties.
/// Property values are <see cref="string"/>, <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="DateTimeOffset"/>, <see cref="Guid"/>, <c>byte[]</c> or null (absent).
/// </summary>
public sealed class TableEntity
{
    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    public ETag ETag { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public IReadOnlyDictionary<string, object?> Properties => _properties;

    public object? this[string name]
    {
        get => _properties.GetValueOrDefault(name);
        set
        {
            TablePropertyTypes.EnsureSupported(name, value);
            _properties[name] = value;
        }
    }

    public string? GetString(string name) => (string?)this[name];

    public bool? GetBoolean(string name) => (bool?)this[name];

    public int? GetInt32(string name) => this[name] switch
    {
        null => null,
        int i => i,
        long l => checked((int)l),
        var other => throw new InvalidCastException($"Property '{name}' is {other.GetType().Name}, not Int32."),
    };

    public long? GetInt64(string name) => this[name] switch
    {
        null => null,
        long l => l,
        int i => i,
        var other => throw new InvalidCastException($"Property '{name}' is {other.GetType().Name}, not Int64."),
    };

    public double? GetDouble(string name) => this[name] switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        var other => throw new InvalidCastException($"Property '{name}' is {other.GetType().Name}, not Double."),
    };

    public DateTimeOffset? GetDateTime(string name) => (DateTimeOffset?)this[name];

    public Guid? GetGuid(string name) => (Guid?)this[name];

    public byte[]? GetBinary(string name) => (byte[]?)this[name];
}
