using Sdk = Azure.Data.Tables;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// This client's <see cref="TableEntity"/> to and from the SDK's. The SDK owns the wire format; this
/// only maps values: absent stays absent (nulls are not sent), binary comes back as <c>byte[]</c>.
/// </summary>
internal static class TableEntityConversion
{
    private const string ETagProperty = "odata.etag";

    public static Sdk.TableEntity ToSdk(TableEntity entity)
    {
        var sdk = new Sdk.TableEntity(entity.PartitionKey, entity.RowKey);
        foreach (var (name, value) in entity.Properties)
        {
            if (value is not null)
            {
                sdk[name] = value;
            }
        }

        return sdk;
    }

    /// <param name="partitionKey">The keys when the request named them (a point read's <c>$select</c> may leave them out).</param>
    public static TableEntity FromSdk(Sdk.TableEntity sdk, string? partitionKey = null, string? rowKey = null)
    {
        var entity = new TableEntity(sdk.PartitionKey ?? partitionKey ?? "", sdk.RowKey ?? rowKey ?? "")
        {
            ETag = sdk.ETag,
            Timestamp = sdk.Timestamp,
        };
        foreach (var (name, value) in sdk)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or ETagProperty)
            {
                continue;
            }

            entity[name] = value switch
            {
                BinaryData binary => binary.ToArray(),
                DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
                _ => value,
            };
        }

        return entity;
    }
}
