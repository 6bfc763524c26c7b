using System.Collections.Immutable;
using System.Text.Json;

namespace ActivityService.Core.Events;

/// <summary>
/// For each field an event has set, the stamp of that event. An event changes a field only if it is
/// newer than the field's stamp, so applying events in any order ends where applying them in time
/// order ends, and a late event cannot roll a field back. Fields are named as in the API
/// (<c>status</c>, <c>properties.endTime</c>).
/// </summary>
public sealed record FieldClock(ImmutableDictionary<string, EventStamp> Stamps)
{
    public static FieldClock Empty { get; } = new(ImmutableDictionary<string, EventStamp>.Empty.WithComparers(StringComparer.Ordinal));

    public bool IsNewer(string field, EventStamp stamp) => !Stamps.TryGetValue(field, out var seen) || stamp > seen;

    public FieldClock With(string field, EventStamp stamp) => new(Stamps.SetItem(field, stamp));

    public string Serialize() =>
        JsonSerializer.Serialize(Stamps.ToDictionary(pair => pair.Key, pair => new[] { pair.Value.Time.ToUnixTimeMilliseconds(), pair.Value.Sequence }));

    public static FieldClock Deserialize(string? json) =>
        string.IsNullOrEmpty(json)
            ? Empty
            : new(JsonSerializer.Deserialize<Dictionary<string, long[]>>(json)!
                .ToImmutableDictionary(pair => pair.Key, pair => new EventStamp(DateTimeOffset.FromUnixTimeMilliseconds(pair.Value[0]), pair.Value[1]), StringComparer.Ordinal));
}
