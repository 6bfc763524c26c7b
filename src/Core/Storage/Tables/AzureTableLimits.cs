namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// What Azure Table Storage refuses and the emulator accepts: key size and characters, entity size by
/// the service's formula, property count, name and value sizes, filter comparisons, batch payload and
/// URL size. With <see cref="TableClientOptions.StrictAzureLimits"/> on, the client checks entities
/// before sending and <see cref="StrictAzureRequestPolicy"/> checks each request on the wire, so a test
/// against the emulator fails where Azure would.
/// </summary>
public static class AzureTableLimits
{
    /// <summary>1 KiB each, counted as UTF-16: 512 characters.</summary>
    public const int MaxKeyChars = 512;

    /// <summary>255 including PartitionKey, RowKey and Timestamp.</summary>
    public const int MaxProperties = 255;

    public const int MaxPropertyNameChars = 255;

    /// <summary>64 KiB; a string holds 32K UTF-16 characters.</summary>
    public const int MaxPropertyValueBytes = 64 * 1024;

    public const int MaxStringChars = MaxPropertyValueBytes / 2;

    /// <summary>1 MiB by <see cref="EntitySize"/>.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    public const int MaxFilterComparisons = 15;

    /// <summary>The practical bound on a <c>$filter</c>: longer ones meet the service's URL limit.</summary>
    public const int MaxFilterChars = 2 * 1024;

    public const int MaxBatchOperations = TableTransaction.MaxOperations;

    public const int MaxBatchPayloadBytes = 4 * 1024 * 1024;

    public static AzureLimitViolation? CheckKeys(string partitionKey, string rowKey) =>
        CheckKey("PartitionKey", partitionKey) ?? CheckKey("RowKey", rowKey);

    public static AzureLimitViolation? CheckEntity(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (CheckKeys(entity.PartitionKey, entity.RowKey) is { } keyViolation)
        {
            return keyViolation;
        }

        var properties = entity.Properties.Where(property => property.Value is not null).ToList();
        if (properties.Count + 3 > MaxProperties)
        {
            return new("TooManyProperties", $"The entity has {properties.Count} properties besides PartitionKey, RowKey and Timestamp; Azure allows {MaxProperties} in all.");
        }

        foreach (var (name, value) in properties)
        {
            if (name.Length > MaxPropertyNameChars)
            {
                return new("PropertyNameTooLong", $"A property name has {name.Length} characters; Azure allows {MaxPropertyNameChars}.");
            }

            if (value is string text && text.Length > MaxStringChars)
            {
                return new("PropertyValueTooLarge", $"Property '{name}' holds {text.Length} characters; Azure allows {MaxStringChars}.");
            }

            if (value is byte[] bytes && bytes.Length > MaxPropertyValueBytes)
            {
                return new("PropertyValueTooLarge", $"Property '{name}' holds {bytes.Length} bytes; Azure allows {MaxPropertyValueBytes}.");
            }
        }

        var size = EntitySize(entity);
        return size > MaxEntityBytes
            ? new("EntityTooLarge", $"The entity is {size} bytes by Azure's formula; Azure allows {MaxEntityBytes}.")
            : null;
    }

    /// <summary>
    /// Azure's formula: 4 + len(PartitionKey)·2 + len(RowKey)·2 + Σ(8 + len(name)·2 + size(value)),
    /// where a string is 2 bytes a character + 4 and binary is its length + 4.
    /// </summary>
    public static long EntitySize(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        long size = 4 + (entity.PartitionKey.Length * 2L) + (entity.RowKey.Length * 2L);
        foreach (var (name, value) in entity.Properties)
        {
            if (value is not null)
            {
                size += 8 + (name.Length * 2L) + ValueSize(value);
            }
        }

        return size;
    }

    /// <summary>Comparison operators (<c>eq ne gt ge lt le</c>) in a filter, outside its string literals.</summary>
    public static int CountComparisons(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var count = 0;
        for (var i = 0; i < filter.Length;)
        {
            if (filter[i] == '\'')
            {
                // A literal runs to the next lone quote; '' inside it is an escaped quote.
                for (i++; i < filter.Length; i++)
                {
                    if (filter[i] == '\'' && (i + 1 >= filter.Length || filter[i + 1] != '\''))
                    {
                        break;
                    }

                    if (filter[i] == '\'')
                    {
                        i++;
                    }
                }

                i++;
            }
            else if (char.IsLetter(filter[i]))
            {
                var start = i;
                while (i < filter.Length && (char.IsLetterOrDigit(filter[i]) || filter[i] == '_'))
                {
                    i++;
                }

                if (filter.AsSpan(start, i - start) is "eq" or "ne" or "gt" or "ge" or "lt" or "le")
                {
                    count++;
                }
            }
            else
            {
                i++;
            }
        }

        return count;
    }

    public static AzureLimitViolation? CheckFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Length > MaxFilterChars)
        {
            return new("RequestUrlTooLong", $"The $filter has {filter.Length} characters; keep it within {MaxFilterChars} to stay inside the service's URL limit.", 414);
        }

        var comparisons = CountComparisons(filter);
        return comparisons > MaxFilterComparisons
            ? new("InvalidInput", $"The $filter has {comparisons} comparisons; Azure allows {MaxFilterComparisons}.")
            : null;
    }

    public static void ThrowIfRefused(AzureLimitViolation? violation)
    {
        if (violation is { } refused)
        {
            throw new TableRequestFailedException(
                refused.Status,
                refused.ErrorCode,
                $"{refused.Status} {refused.ErrorCode}: {refused.Message} (refused before sending: strict Azure limits are on)");
        }
    }

    private static AzureLimitViolation? CheckKey(string name, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > MaxKeyChars)
        {
            return new("KeyValueTooLarge", $"The {name} has {key.Length} characters; Azure allows {MaxKeyChars} (1 KiB of UTF-16).");
        }

        var bad = key.IndexOfAny(['/', '\\', '#', '?']);
        if (bad >= 0 || key.Any(char.IsControl))
        {
            return new("OutOfRangeInput", $"The {name} holds a character Azure refuses in keys: / \\ # ? or a control character.");
        }

        return null;
    }

    private static long ValueSize(object value) => value switch
    {
        string text => (text.Length * 2L) + 4,
        byte[] bytes => bytes.Length + 4L,
        bool => 1,
        int => 4,
        long or double or DateTimeOffset => 8,
        Guid => 16,
        _ => throw new ArgumentException($"Unsupported property type {value.GetType().Name}.", nameof(value)),
    };
}

/// <summary>A request Azure would refuse: the status and error code it would answer with, and why.</summary>
public sealed record AzureLimitViolation(string ErrorCode, string Message, int Status = 400);
