using System.Globalization;
using ActivityService.Core.Events;
using FsCheck;
using FsCheck.Fluent;
using static ActivityService.Core.Tests.Events.EventMessages;

namespace ActivityService.Core.Tests.Events;

/// <summary>
/// Contract §6 "order tolerant" and "at-least-once safe", as properties of the pure decider on one activity:
/// any delivery order, and any redelivery, ends in the state of applying the events in stamp order.
/// Copies (suspended/reopened/prework) are out of scope: only the main activity and its clock are compared.
/// </summary>
public sealed class EventOrderPropertyTests
{
    private static readonly DateTimeOffset Base = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private static readonly LifecycleEventType[] Types =
    [
        LifecycleEventType.Created, LifecycleEventType.Updated, LifecycleEventType.Started,
        LifecycleEventType.Completed, LifecycleEventType.Moved, LifecycleEventType.Delayed,
    ];

    /// <summary>One delivered event: its message text (for failure reports), the parsed event and its stamp.</summary>
    internal sealed record Delivered(string Json, LifecycleEvent Event, EventStamp Stamp)
    {
        public override string ToString() => $"#{Stamp.Sequence} {Json}";
    }

    internal sealed record Scenario(IReadOnlyList<Delivered> InStampOrder, IReadOnlyList<Delivered> Shuffled)
    {
        public override string ToString() =>
            "stamp order:\n  " + string.Join("\n  ", InStampOrder) + "\ndelivered as:\n  " + string.Join("\n  ", Shuffled.Select(d => "#" + d.Stamp.Sequence));
    }

    private static Gen<string?> Optional(params string[] values) =>
        Gen.Frequency((2, Gen.Constant<string?>(null)), (3, Gen.Elements(values).Select(v => (string?)v)));

    /// <summary>A JSON member list (without braces) from optional name/raw-value pairs.</summary>
    private static string Members(params (string Name, string? RawValue)[] members) =>
        string.Join(", ", members.Where(m => m.RawValue is not null).Select(m => $"\"{m.Name}\": {m.RawValue}"));

    private static Gen<(LifecycleEventType Type, string Details, string? Changes)> Body() =>
        from type in Gen.Elements(Types)
        from resource in Optional("\"tech-1\"", "\"tech-2\"")
        from date in Optional("\"2026-01-20\"", "\"2026-01-21\"", "null")
        from appt in Optional("\"A-1\"", "\"A-2\"")
        from title in Optional("\"Boiler service\"", "\"Leak repair\"")
        from description in Optional("\"Bring a ladder\"", "null")
        from status in Optional("\"pending\"", "\"started\"", "\"notdone\"")
        from endTime in Optional("\"2026-01-20 12:00:00\"", "\"2026-01-20 14:30:00\"")
        from priority in Optional("1", "2", "true", "null")
        from changeResource in Optional("\"tech-1\"", "\"tech-3\"")
        from changeDate in Optional("\"2026-01-22\"", "\"2026-01-23\"")
        select (
            type,
            "{" + Members(("activityId", "4455"), ("resourceId", resource), ("date", date), ("apptNumber", appt)) + "}",
            type switch
            {
                LifecycleEventType.Moved => "{" + Members(("resourceId", changeResource), ("date", changeDate)) + "}",
                LifecycleEventType.Delayed => "{" + Members(("endTime", endTime), ("priority", priority)) + "}",
                LifecycleEventType.Updated => "{" + Members(("title", title), ("description", description), ("status", status), ("priority", priority)) + "}",
                LifecycleEventType.Created => "{" + Members(("title", title), ("description", description)) + "}",
                _ => null,
            });

    /// <summary>1–8 events with distinct stamps (times may tie; sequence numbers never do), and a shuffle of them.</summary>
    private static Gen<Scenario> Scenarios() =>
        from count in Gen.Choose(1, 8)
        from bodies in Body().ListOf(count)
        from minutes in Gen.Choose(0, 6).ListOf(count)
        select Build(bodies, minutes) into inOrder
        from shuffled in Gen.Shuffle(inOrder.ToArray())
        select new Scenario(inOrder, shuffled);

    private static List<Delivered> Build(IList<(LifecycleEventType Type, string Details, string? Changes)> bodies, IList<int> minutes)
    {
        var delivered = new List<Delivered>();
        for (var i = 0; i < bodies.Count; i++)
        {
            var time = Base.AddMinutes(minutes[i]).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var json = Message(LifecycleEventTypes.Name(bodies[i].Type), time, bodies[i].Details, bodies[i].Changes);
            delivered.Add(new Delivered(json, Parse(json), Stamp(time, i + 1)));
        }

        return [.. delivered.OrderBy(d => d.Stamp)];
    }

    private static ExternalActivityState Fold(IEnumerable<Delivered> events) =>
        events.Aggregate(ExternalActivityState.Unknown, (state, d) => Apply(state, d.Event, d.Stamp));

    private static string Outcome(ExternalActivityState state) =>
        Canonical(state.Current?.Content) + "\nclock: " + Canonical(state.Clock);

    [Fact]
    public void Any_delivery_order_ends_in_the_state_of_stamp_order()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500),
            Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
            {
                var expected = Outcome(Fold(scenario.InStampOrder));
                var actual = Outcome(Fold(scenario.Shuffled));
                return (expected == actual).Label($"expected\n{expected}\nactual\n{actual}");
            }));
    }

    [Fact]
    public void Applying_every_event_twice_in_a_row_equals_applying_it_once()
    {
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
            {
                var once = Outcome(Fold(scenario.Shuffled));
                var twice = Outcome(Fold(scenario.Shuffled.SelectMany(d => new[] { d, d })));
                return (once == twice).Label($"once\n{once}\ntwice\n{twice}");
            }));
    }

    [Fact]
    public void Redelivering_any_events_at_any_later_point_equals_delivering_them_once()
    {
        var withRedeliveries =
            from scenario in Scenarios()
            from again in Gen.SubListOf(scenario.Shuffled.ToArray())
            from order in Gen.Shuffle(scenario.Shuffled.Concat(again).ToArray())
            select (scenario, order);

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(withRedeliveries.ToArbitrary(), pair =>
            {
                var once = Outcome(Fold(pair.scenario.InStampOrder));
                var redelivered = Outcome(Fold(pair.order));
                return (once == redelivered).Label($"once\n{once}\nwith redeliveries\n{redelivered}\norder: {string.Join(" ", pair.order.Select(d => d.Stamp.Sequence))}");
            }));
    }
}
