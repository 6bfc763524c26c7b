namespace ActivityService.Core.Activities;

/// <summary>Collects messages per field, in the order found, for a problem's <c>errors</c> object (contract §5.7).</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _messages = new(StringComparer.Ordinal);

    public bool IsEmpty => _messages.Count == 0;

    public void Add(string field, string message)
    {
        if (!_messages.TryGetValue(field, out var list))
        {
            list = [];
            _messages.Add(field, list);
        }

        list.Add(message);
    }

    public bool Has(string field) => _messages.ContainsKey(field);

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _messages.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
