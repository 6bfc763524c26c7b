using System.Collections.Immutable;
using System.Text.Json;

namespace ActivityService.Core.Events;

/// <summary>
/// Every value each clocked field has had, with the stamp that set it, whether or not that value won
/// at the time it arrived. It lets a copy event (suspend, reopen, prework) see the activity as of its
/// own time, even when newer events were applied first (contract §6: "a copy reflects the main activity as
/// of the copy event's time"). Fields are named as in <see cref="FieldClock"/>; the value a field had
/// before anything clocked it is kept under <see cref="Origin"/>.
/// </summary>
public sealed record FieldHistory(ImmutableDictionary<string, ImmutableList<FieldHistory.Entry>> Fields)
{
    /// <summary>Values kept per field; beyond it the oldest (after the origin) are dropped, see docs/events.md.</summary>
    public const int MaxEntriesPerField = 24;

    /// <summary>Stamp of a field's value before any event or edit set it.</summary>
    public static readonly EventStamp Origin = new(DateTimeOffset.MinValue, long.MinValue);

    public static FieldHistory Empty { get; } = new(ImmutableDictionary<string, ImmutableList<Entry>>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Records that <paramref name="stamp"/> set <paramref name="field"/>; <paramref name="before"/> is its value until then, if this is the first record.</summary>
    public FieldHistory With(string field, EventStamp stamp, JsonElement value, JsonElement? before)
    {
        var entries = Fields.TryGetValue(field, out var known) ? known : [new Entry(Origin, before?.Clone())];
        if (entries.Any(e => e.Stamp == stamp))
        {
            return this;
        }

        // Stryker disable once Equality : an equal stamp returned above, so > and >= find the same index
        var index = entries.FindIndex(e => e.Stamp > stamp);

        // Stryker disable once Equality : nothing sorts before the origin entry, so index is never 0
        entries = index < 0 ? entries.Add(new Entry(stamp, value.Clone())) : entries.Insert(index, new Entry(stamp, value.Clone()));
        if (entries.Count > MaxEntriesPerField)
        {
            entries = entries.RemoveAt(1);
        }

        return new FieldHistory(Fields.SetItem(field, entries));
    }

    /// <summary>The value of each recorded field as of <paramref name="stamp"/> (the latest set at or before it).</summary>
    /// <remarks>A null value means absent (a property that did not exist yet).</remarks>
    public IEnumerable<(string Field, JsonElement? Value)> AsOf(EventStamp stamp)
    {
        foreach (var (field, entries) in Fields)
        {
            if (entries.LastOrDefault(e => e.Stamp <= stamp) is { } entry)
            {
                yield return (field, entry.Value);
            }
        }
    }

    /// <summary>Serialized for one table property (at most <see cref="MaxSerializedChars"/>): oldest values go first when it would not fit.</summary>
    public string Serialize()
    {
        var history = this;
        var json = history.ToJson();
        while (json.Length > MaxSerializedChars && history.Fields.Values.Any(entries => entries.Count > 1))
        {
            var (field, entries) = history.Fields.MaxBy(pair => pair.Value.Count);
            history = new FieldHistory(history.Fields.SetItem(field, entries.RemoveAt(entries.Count > 1 ? 1 : 0)));
            json = history.ToJson();
        }

        return json;
    }

    /// <summary>One table property holds 64 KiB (32K UTF-16 characters); the rest of the row stays small.</summary>
    public const int MaxSerializedChars = 30_000;

    private string ToJson() =>
        JsonSerializer.Serialize(Fields.ToDictionary(
            pair => pair.Key,
            pair => pair.Value.Select(e => e.Value is { } value
                ? new object[] { Milliseconds(e.Stamp), e.Stamp.Sequence, value }
                : [Milliseconds(e.Stamp), e.Stamp.Sequence]).ToList()));

    private static long Milliseconds(EventStamp stamp) => stamp == Origin ? long.MinValue : stamp.Time.ToUnixTimeMilliseconds();

    public static FieldHistory Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Empty;
        }

        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement[][]>>(json)!;
        return new FieldHistory(fields.ToImmutableDictionary(
            pair => pair.Key,
            pair => pair.Value.Select(e => new Entry(
                e[0].GetInt64() == long.MinValue ? Origin : new EventStamp(DateTimeOffset.FromUnixTimeMilliseconds(e[0].GetInt64()), e[1].GetInt64()),
                e.Length > 2 ? e[2].Clone() : (JsonElement?)null)).ToImmutableList(),
            StringComparer.Ordinal));
    }

    public sealed record Entry(EventStamp Stamp, JsonElement? Value);
}
