namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The one exception the table client throws for a failed request: the HTTP status and the storage
/// error code (for example 409 <c>EntityAlreadyExists</c>, 412 <c>UpdateConditionNotSatisfied</c>).
/// For a failed transaction, <see cref="FailedOperationIndex"/> names the operation that failed.
/// Status 0 means no answer arrived (connection refused or reset, timeout): see <see cref="IsOutcomeUnknown"/>.
/// </summary>
public sealed class TableRequestFailedException : Exception
{
    public TableRequestFailedException(int status, string? errorCode, string message, int? failedOperationIndex = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        FailedOperationIndex = failedOperationIndex;
    }

    public int Status { get; }

    public string? ErrorCode { get; }

    public int? FailedOperationIndex { get; }

    public bool IsNotFound => Status == 404;

    public bool IsConflict => Status == 409;

    public bool IsPreconditionFailed => Status == 412;

    /// <summary>
    /// No answer arrived, so a write may or may not have been applied. Inserts and transactions are never
    /// retried by the pipeline; the caller reads back (or relies on an idempotency marker) to find out.
    /// </summary>
    public bool IsOutcomeUnknown => Status == 0;

    /// <summary>
    /// Storage refused the request (a 4xx answer) or never received it (no connection could be opened),
    /// so this attempt applied nothing. Proves nothing about earlier attempts of a retried request.
    /// </summary>
    public bool ProvesAttemptNotApplied => Status is >= 400 and < 500 || (Status == 0 && NoConnectionWasOpened(InnerException));

    private static bool NoConnectionWasOpened(Exception? error) => error switch
    {
        null => false,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError } => true,
        _ => NoConnectionWasOpened(error.InnerException),
    };
}
