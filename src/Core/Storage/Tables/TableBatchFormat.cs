using System.Globalization;
using System.Text;
using Azure;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The OData <c>$batch</c> wire format: a multipart/mixed body holding one changeset whose parts are
/// plain HTTP requests, and the mirrored response. A failed changeset answers with a single part
/// carrying the failing operation's status and error.
/// </summary>
internal static class TableBatchFormat
{
    public static (byte[] Body, string ContentType) Write(IReadOnlyList<TableTransactionAction> actions, string endpoint, string table)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder();
        body.Append("--").Append(batch).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");

        var contentId = 1;
        foreach (var action in actions)
        {
            var entity = action.Entity;
            var entityUri = $"{endpoint}/{table}(PartitionKey='{Escape(entity.PartitionKey)}',RowKey='{Escape(entity.RowKey)}')";
            var (method, uri, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", $"{endpoint}/{table}", (ETag?)null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUri, RequireETag(action), true),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUri, RequireETag(action), true),
                TableTransactionActionType.UpsertMerge => ("MERGE", entityUri, null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUri, null, true),
                TableTransactionActionType.Delete => ("DELETE", entityUri, action.ETag == default ? ETag.All : action.ETag, false),
                _ => throw new ArgumentOutOfRangeException(nameof(actions), action.ActionType, "Unknown transaction action."),
            };

            body.Append("--").Append(changeset).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n\r\n")
                .Append(method).Append(' ').Append(uri).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\n")
                .Append("DataServiceVersion: 3.0;\r\n")
                .Append("Content-ID: ").Append(contentId++).Append("\r\n");
            if (ifMatch is { } etag)
            {
                body.Append("If-Match: ").Append(etag.ToString()).Append("\r\n");
            }

            if (hasBody)
            {
                body.Append("Content-Type: application/json\r\n")
                    .Append("Prefer: return-no-content\r\n\r\n")
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(entity))).Append("\r\n");
            }
            else
            {
                body.Append("\r\n");
            }
        }

        body.Append("--").Append(changeset).Append("--\r\n")
            .Append("--").Append(batch).Append("--\r\n");
        return (Encoding.UTF8.GetBytes(body.ToString()), "multipart/mixed; boundary=" + batch);
    }

    public static (IReadOnlyList<ETag> ETags, TableRequestFailedException? Failure) Read(string body, string contentType)
    {
        var etags = new List<ETag>();
        foreach (var part in InnerResponses(body))
        {
            var (status, headers, content) = ParseHttpResponse(part);
            if (status is < 200 or >= 300)
            {
                int? contentId = headers.TryGetValue("Content-ID", out var id) && int.TryParse(id, CultureInfo.InvariantCulture, out var n) ? n - 1 : null;
                return (etags, TableErrors.FromResponse(status, content, contentId));
            }

            etags.Add(headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default);
        }

        if (etags.Count == 0)
        {
            throw new TableRequestFailedException(502, null, $"The transaction response ({contentType}) held no operation results.");
        }

        return (etags, null);
    }

    private static string Escape(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static ETag RequireETag(TableTransactionAction action) =>
        action.ETag == default
            ? throw new ArgumentException("An update in a transaction needs an ETag; use ETag.All or an upsert.", nameof(action))
            : action.ETag;

    /// <summary>Each embedded response starts at its status line; boundaries and part headers sit before it.</summary>
    private static IEnumerable<string> InnerResponses(string body)
    {
        var start = body.IndexOf("HTTP/1.1 ", StringComparison.Ordinal);
        while (start >= 0)
        {
            var next = body.IndexOf("\nHTTP/1.1 ", start + 1, StringComparison.Ordinal);
            var end = next < 0 ? body.Length : next;
            var part = body[start..end];
            var boundary = part.IndexOf("\n--", StringComparison.Ordinal);
            yield return boundary < 0 ? part : part[..boundary];
            start = next < 0 ? -1 : next + 1;
        }
    }

    private static (int Status, Dictionary<string, string> Headers, string Content) ParseHttpResponse(string part)
    {
        var lines = part.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 1;
        for (; index < lines.Length && lines[index].Length > 0; index++)
        {
            var colon = lines[index].IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[lines[index][..colon].Trim()] = lines[index][(colon + 1)..].Trim();
            }
        }

        return (status, headers, string.Join('\n', lines.Skip(index + 1)).Trim());
    }
}
