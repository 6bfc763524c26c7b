using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// How many rows a tenant's partition holds, by kind (see <see cref="RowKeys"/>), so operators see what grows.
/// It reads keys only, 1,000 rows per request: a tenant of N rows costs about N / 1,000 requests.
/// </summary>
public sealed record TenantFootprint(string CompanyId, IReadOnlyDictionary<string, long> Rows)
{
    public long Total => Rows.Values.Sum();

    /// <summary>Every kind, in this order, is reported, with 0 when the tenant has none.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["activities", "company_feed_copies", "user_feed_copies", "user_read_states", "history", "timeline_copies",
         "tombstones", "idempotency_keys", "external_mappings", "inbox_markers", "rejected_events", "other"];

    public static async Task<TenantFootprint> CountAsync(TableClient table, string companyId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        var counts = Kinds.ToDictionary(kind => kind, _ => 0L, StringComparer.Ordinal);
        await foreach (var page in table.QueryAsync(ODataFilter.Equal("PartitionKey", companyId), ["RowKey"], 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in page.Values)
            {
                counts[KindOf(row.RowKey)]++;
            }
        }

        return new TenantFootprint(companyId, counts);
    }

    public static string KindOf(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        if (rowKey.Length < 2 || rowKey[1] != '|')
        {
            return "other";
        }

        return rowKey[0] switch
        {
            'a' => "activities",
            'c' => "company_feed_copies",
            'u' => "user_feed_copies",
            'v' => rowKey.EndsWith("|!", StringComparison.Ordinal) ? "user_read_states" : "user_feed_copies",
            'h' => "history",
            't' or 'w' => "timeline_copies",
            'x' => "tombstones",
            'i' => "idempotency_keys",
            'e' => "external_mappings",
            'm' => "inbox_markers",
            'r' => "rejected_events",
            _ => "other",
        };
    }
}
