namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// Counts storage requests and entities read inside a scope that flows with the async call chain,
/// so a test (or a benchmark) can measure exactly what one operation costs.
/// </summary>
public sealed class StorageOperationCounter : IDisposable
{
    private static readonly AsyncLocal<StorageOperationCounter?> CurrentScope = new();
    private readonly StorageOperationCounter? _parent;
    private int _requests;
    private int _entitiesRead;
    private int _entitiesWritten;
    private int _writesMaybeApplied;

    private StorageOperationCounter(StorageOperationCounter? parent) => _parent = parent;

    /// <summary>Requests sent, retries included: each is one storage transaction.</summary>
    public int Requests => _requests;

    public int EntitiesRead => _entitiesRead;

    /// <summary>
    /// Writes storage applied or may have applied: all but those it refused (a 4xx answer) or never
    /// received (no connection), on their only attempt. Zero means the scope changed nothing.
    /// </summary>
    public int WritesMaybeApplied => _writesMaybeApplied;

    public int EntitiesWritten => _entitiesWritten;

    public static StorageOperationCounter Start()
    {
        var scope = new StorageOperationCounter(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    public void Dispose() => CurrentScope.Value = _parent;

    internal static void RecordRequest() => ForEachScope(scope => Interlocked.Increment(ref scope._requests));

    internal static void RecordEntitiesRead(int count) => ForEachScope(scope => Interlocked.Add(ref scope._entitiesRead, count));

    internal static void RecordWriteMaybeApplied() => ForEachScope(scope => Interlocked.Increment(ref scope._writesMaybeApplied));

    internal static void RecordEntitiesWritten(int count) => ForEachScope(scope => Interlocked.Add(ref scope._entitiesWritten, count));

    private static void ForEachScope(Action<StorageOperationCounter> record)
    {
        for (var scope = CurrentScope.Value; scope is not null; scope = scope._parent)
        {
            record(scope);
        }
    }
}
