using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>
/// The commit step of every read → decide → commit loop. A lost race (409, 412, or 404 inside the
/// transaction: someone else changed or removed a row first) sends the caller back to re-read and
/// decide again; a commit whose result is unknown is resolved by reading back a row only this attempt
/// writes (the service chose its keys), so the caller answers only what it knows.
/// </summary>
public sealed partial class TableActivityStore
{
    /// <summary>
    /// Submits <paramref name="transaction"/>; true when it committed, false when it lost a race and the
    /// caller should decide again. <paramref name="proof"/> names a row only this attempt writes.
    /// A conflict on the first operation is rethrown when <paramref name="firstIsClaim"/> (an idempotency
    /// key or an inbox marker already taken: a replay, which the caller answers itself).
    /// </summary>
    private async Task<bool> CommitAsync(TableTransaction transaction, CommitProof proof, int attempt, bool firstIsClaim, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TableRequestFailedException error) when (firstIsClaim && error.IsConflict && error.FailedOperationIndex == 0)
        {
            throw;
        }
        catch (TableRequestFailedException error) when (error.IsOutcomeUnknown || error.IsConflict || error.IsPreconditionFailed || error.IsNotFound)
        {
            // A transport failure may hide a commit; a conflict may be a storage-side replay of our own
            // commit. Either way the proof row says what happened.
            if ((error.IsOutcomeUnknown || error.IsConflict) && await ProvesCommitAsync(proof, error, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (attempt >= ContentionBackoff.MaxAttempts)
            {
                throw new WriteContentionException(error);
            }

            await ContentionBackoff.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> ProvesCommitAsync(CommitProof proof, TableRequestFailedException failure, CancellationToken cancellationToken)
    {
        TableEntity? row;
        try
        {
            row = await table.GetEntityIfExistsAsync(proof.PartitionKey, proof.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception readError) when (failure.IsOutcomeUnknown && readError is not OperationCanceledException)
        {
            throw new WriteOutcomeUnknownException(failure);
        }

        return row is not null && (proof.Attempt is null || row.GetString(CommitProof.AttemptProperty) == proof.Attempt);
    }

    /// <summary>A row only one commit attempt writes; <see cref="Attempt"/>, when set, is stored in it to tell attempts apart.</summary>
    private sealed record CommitProof(string PartitionKey, string RowKey, string? Attempt = null)
    {
        public const string AttemptProperty = "Attempt";
    }
}
