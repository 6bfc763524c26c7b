using Azure;
using Azure.Data.Tables;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// Turns what the SDK and the transport throw into <see cref="TableRequestFailedException"/>: the
/// service's status and error code, the failing operation of a transaction, and status 0 when no
/// answer arrived (connection refused or reset, timeout), where a write may or may not have been applied.
/// </summary>
internal static class TableErrors
{
    public static TableRequestFailedException? Translate(Exception error, CancellationToken cancellationToken) => error switch
    {
        TableRequestFailedException => null,
        TableTransactionFailedException failed => FromStatus(failed.Status, failed.ErrorCode, failed.Message, failed.FailedTransactionActionIndex, failed),
        RequestFailedException failed => FromStatus(failed.Status, failed.ErrorCode, failed.Message, null, failed),
        IOException or HttpRequestException or TimeoutException => NoAnswer(error),

        // The retry policy gives up with every attempt's failure; the last one says how it ended.
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Translate(aggregate.InnerExceptions[^1], cancellationToken),

        // A cancellation nobody asked for is the pipeline's network timeout.
        OperationCanceledException when !cancellationToken.IsCancellationRequested => NoAnswer(error),
        _ => null,
    };

    public static TableRequestFailedException NotFound(string partitionKey, string rowKey) =>
        new(404, "ResourceNotFound", $"404 ResourceNotFound: no entity ({partitionKey}, {rowKey}).");

    private static TableRequestFailedException FromStatus(int status, string? code, string message, int? index, Exception inner) =>
        status == 0
            ? NoAnswer(inner)
            : new TableRequestFailedException(status, code, $"{status} {code}: {FirstLine(message)}", index, inner);

    private static TableRequestFailedException NoAnswer(Exception inner) =>
        new(0, null, "Table Storage did not answer; a write may or may not have been applied: " + FirstLine(inner.Message), null, inner);

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).TrimEnd('\r');
    }
}
