using System.Text;
using Azure.Core;

namespace ActivityService.Core.Storage.Tables;

/// <summary>The service's continuation headers, carried between pages as one opaque token.</summary>
internal sealed record TableContinuation(string PartitionKey, string? RowKey)
{
    public static TableContinuation? FromHeaders(ResponseHeaders headers) =>
        headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partitionKey) && !string.IsNullOrEmpty(partitionKey)
            ? new TableContinuation(partitionKey, headers.TryGetValue("x-ms-continuation-NextRowKey", out var rowKey) ? rowKey : null)
            : null;

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(PartitionKey + "\n" + RowKey));

    public static TableContinuation Decode(string token)
    {
        var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n', 2);
        return new TableContinuation(parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null);
    }
}
