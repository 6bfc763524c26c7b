using Azure;

namespace ActivityService.Core.Storage.Tables;

public enum TableTransactionActionType
{
    Add = 0,
    UpdateMerge = 1,
    UpdateReplace = 2,
    UpsertMerge = 3,
    UpsertReplace = 4,
    Delete = 5,
}

/// <summary>One operation of an entity group transaction. Updates and deletes use <see cref="ETag"/> (<c>*</c> for any).</summary>
public sealed record TableTransactionAction(TableTransactionActionType ActionType, TableEntity Entity, ETag ETag = default);

/// <summary>
/// An entity group transaction: at most 100 operations on one PartitionKey, applied atomically.
/// The limits are checked here, before anything is sent, because the emulator does not enforce
/// the single-partition rule and a mixed batch would pass locally and fail in Azure.
/// </summary>
public sealed class TableTransaction
{
    public const int MaxOperations = 100;

    private readonly List<TableTransactionAction> _actions = [];

    public IReadOnlyList<TableTransactionAction> Actions => _actions;

    public int Count => _actions.Count;

    public TableTransaction Add(TableEntity entity) => Append(new(TableTransactionActionType.Add, entity));

    public TableTransaction UpdateMerge(TableEntity entity, ETag ifMatch) => Append(new(TableTransactionActionType.UpdateMerge, entity, ifMatch));

    public TableTransaction UpdateReplace(TableEntity entity, ETag ifMatch) => Append(new(TableTransactionActionType.UpdateReplace, entity, ifMatch));

    public TableTransaction UpsertMerge(TableEntity entity) => Append(new(TableTransactionActionType.UpsertMerge, entity));

    public TableTransaction UpsertReplace(TableEntity entity) => Append(new(TableTransactionActionType.UpsertReplace, entity));

    public TableTransaction Delete(TableEntity entity, ETag ifMatch) => Append(new(TableTransactionActionType.Delete, entity, ifMatch));

    public TableTransaction Append(TableTransactionAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions.Add(action);
        return this;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> unless the transaction can be sent.</summary>
    public void Validate()
    {
        if (_actions.Count == 0)
        {
            throw new InvalidOperationException("A transaction needs at least one operation.");
        }

        if (_actions.Count > MaxOperations)
        {
            throw new InvalidOperationException($"A transaction holds at most {MaxOperations} operations; this one has {_actions.Count}.");
        }

        var partitionKey = _actions[0].Entity.PartitionKey;
        if (_actions.Any(action => action.Entity.PartitionKey != partitionKey))
        {
            throw new InvalidOperationException("All operations of a transaction must share one PartitionKey.");
        }

        var duplicate = _actions.GroupBy(action => action.Entity.RowKey, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"A transaction may touch an entity only once; RowKey '{duplicate.Key}' appears twice.");
        }
    }
}
