namespace ActivityService.Core.Storage.Tables;

/// <summary>The CLR types a <see cref="TableEntity"/> property may hold, and the service's limits on names.</summary>
internal static class TablePropertyTypes
{
    /// <summary>The service allows 255 properties including PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxCustomProperties = 252;

    public static void EnsureSupported(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
        {
            throw new ArgumentException($"'{name}' is a system property; use the entity's members.", nameof(name));
        }

        if (value is not (null or string or bool or int or long or double or DateTimeOffset or Guid or byte[]))
        {
            throw new ArgumentException($"Property '{name}' has unsupported type {value.GetType().Name}.", nameof(value));
        }
    }
}
