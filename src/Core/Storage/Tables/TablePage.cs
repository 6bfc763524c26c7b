namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// One response of a query. A page may be empty and still have a continuation: only a null
/// <see cref="ContinuationToken"/> means the query is finished.
/// </summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Values, string? ContinuationToken);
