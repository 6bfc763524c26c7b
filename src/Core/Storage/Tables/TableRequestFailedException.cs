namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The one exception the table client throws for a failed request: the HTTP status and the storage
/// error code (for example 409 <c>EntityAlreadyExists</c>, 412 <c>UpdateConditionNotSatisfied</c>).
/// For a failed transaction, <see cref="FailedOperationIndex"/> names the operation that failed.
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

    public bool IsOutcomeUnknown => Status == 0;
}
