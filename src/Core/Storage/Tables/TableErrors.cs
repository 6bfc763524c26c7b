using System.Globalization;
using System.Text.Json;

namespace ActivityService.Core.Storage.Tables;

/// <summary>Turns the service's OData error bodies into <see cref="TableRequestFailedException"/>.</summary>
internal static class TableErrors
{
    public static TableRequestFailedException FromResponse(int status, string? body, int? fallbackIndex = null)
    {
        string? code = null;
        var message = $"Table Storage answered {status}.";
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("odata.error", out var error))
                {
                    code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    if (error.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var text))
                    {
                        message = text.GetString() ?? message;
                    }
                }
            }
            catch (JsonException)
            {
                // A non-JSON error body (a proxy, an HTML page) still yields the status.
            }
        }

        return new TableRequestFailedException(status, code, $"{status} {code}: {FirstLine(message)}", FailedIndex(message) ?? fallbackIndex);
    }

    /// <summary>In a failed transaction the message starts with the zero-based operation index, e.g. <c>"1:The specified entity already exists."</c>.</summary>
    private static int? FailedIndex(string message)
    {
        var colon = message.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? message : message[..newline];
    }
}
