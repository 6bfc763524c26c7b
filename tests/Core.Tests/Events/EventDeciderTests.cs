using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using static ActivityService.Core.Tests.Events.EventMessages;

namespace ActivityService.Core.Tests.Events;

public sealed class EventDeciderTests
{
    private const string FullDetails = """{"activityId": 4455, "resourceId": "tech-7", "date": "2026-01-20", "apptNumber": "A-1", "customerNumber": "C-9"}""";

    /// <summary>Activity 4455 as a Created event at 08:00 leaves it: pending, tech-7, 2026-01-20, titled.</summary>
    private static ExternalActivityState Known()
    {
        var created = Event(LifecycleEventType.Created, "2026-01-15 08:00:00", FullDetails, """{"title": "Boiler service"}""");
        return Apply(ExternalActivityState.Unknown, created, Stamp("2026-01-15 08:00:00", 1));
    }

    private static EventDecision Decide(
        ExternalActivityState state,
        LifecycleEventType type,
        string time = "2026-01-15 10:30:00",
        long sequence = 10,
        string details = DefaultDetails,
        string? changes = null) =>
        EventDecider.Decide(state, Event(type, time, details, changes), Stamp(time, sequence));

    private static EventDecision Applied(EventDecision decision)
    {
        Assert.True(decision.Rejection is null, $"Unexpected rejection: {decision.Rejection?.Reason}");
        Assert.False(decision.DeleteMain);
        Assert.NotNull(decision.Main);
        return decision;
    }

    private static EventRejection Rejected(EventDecision decision)
    {
        Assert.NotNull(decision.Rejection);
        Assert.Null(decision.Main);
        Assert.False(decision.DeleteMain);
        Assert.Empty(decision.NewActivities);
        return decision.Rejection;
    }

    [Theory]
    [InlineData(LifecycleEventType.Created, "pending")]
    [InlineData(LifecycleEventType.Started, "started")]
    [InlineData(LifecycleEventType.Completed, "completed")]
    [InlineData(LifecycleEventType.NotDone, "notdone")]
    [InlineData(LifecycleEventType.Canceled, "cancelled")]
    [InlineData(LifecycleEventType.Suspended, "pending")]
    public void A_status_event_sets_the_status_its_type_implies(LifecycleEventType type, string status)
    {
        var decision = Applied(Decide(Known(), type));

        Assert.Equal(status, decision.Main!.Status);
        Assert.Equal("Boiler service", decision.Main.Title);
        Assert.True(decision.Clock.Stamps.ContainsKey(ActivityFields.Status));
    }

    [Theory]
    [InlineData(LifecycleEventType.Created, "pending")]
    [InlineData(LifecycleEventType.Started, "started")]
    [InlineData(LifecycleEventType.Completed, "completed")]
    [InlineData(LifecycleEventType.NotDone, "notdone")]
    [InlineData(LifecycleEventType.Canceled, "cancelled")]
    public void A_status_event_for_an_unseen_activity_creates_it_with_that_status(LifecycleEventType type, string status)
    {
        var decision = Applied(Decide(ExternalActivityState.Unknown, type));

        Assert.Equal(status, decision.Main!.Status);
        Assert.Equal(ExternalId, decision.Main.ExternalId);
        Assert.Empty(decision.NewActivities);
    }

    [Theory]
    [InlineData(LifecycleEventType.Updated)]
    [InlineData(LifecycleEventType.Delayed)]
    [InlineData(LifecycleEventType.Moved)]
    [InlineData(LifecycleEventType.Reopened)]
    [InlineData(LifecycleEventType.PreworkCreated)]
    public void An_event_without_an_implied_status_leaves_the_status_alone(LifecycleEventType type)
    {
        var decision = Applied(Decide(Known(), type));

        Assert.Equal("pending", decision.Main!.Status);
    }

    [Fact]
    public void Deleted_deletes_the_main_activity_and_stamps_the_delete_in_the_clock()
    {
        var state = Known();

        var decision = Decide(state, LifecycleEventType.Deleted, "2026-01-15 12:00:00", 7);

        Assert.True(decision.DeleteMain);
        Assert.Null(decision.Main);
        Assert.Null(decision.Rejection);
        Assert.Empty(decision.NewActivities);
        Assert.Equal(Stamp("2026-01-15 12:00:00", 7), decision.Clock.Stamps[EventDecider.DeletedField]);
        Assert.Equal(Canonical(state.Clock), Canonical(decision.Clock with { Stamps = decision.Clock.Stamps.Remove(EventDecider.DeletedField) }));
    }

    [Fact]
    public void Deleted_for_an_unseen_activity_still_deletes_so_that_nothing_comes_back_later()
    {
        var decision = Decide(ExternalActivityState.Unknown, LifecycleEventType.Deleted);

        Assert.True(decision.DeleteMain);
        Assert.Null(decision.Rejection);
    }

    [Fact]
    public void Suspended_puts_the_main_back_to_pending_and_adds_a_suspended_copy_linked_to_it()
    {
        var started = Apply(Known(), Event(LifecycleEventType.Started, "2026-01-15 09:00:00"), Stamp("2026-01-15 09:00:00", 2));

        var decision = Applied(Decide(started, LifecycleEventType.Suspended));

        Assert.Equal("pending", decision.Main!.Status);
        Assert.Equal(ExternalId, decision.Main.ExternalId);
        var copy = Assert.Single(decision.NewActivities);
        Assert.Equal("suspended", copy.Status);
        Assert.Null(copy.ExternalId);
        Assert.Null(copy.ReadAt);
        Assert.Equal("Boiler service", copy.Title);
        Assert.Equal("tech-7", copy.UserId);
        Assert.Equal("2026-01-20", copy.ScheduledDate);
        Assert.Equal(ExternalId, StringProperty(copy, "copy_of_external_id"));
        Assert.Equal("suspended", StringProperty(copy, "copy_reason"));
        Assert.Empty(ActivityValidator.Validate(copy));
    }

    [Fact]
    public void Reopened_leaves_the_main_as_it_is_and_adds_a_pending_copy_linked_to_it()
    {
        var completed = Apply(Known(), Event(LifecycleEventType.Completed, "2026-01-15 09:00:00"), Stamp("2026-01-15 09:00:00", 2));

        var decision = Applied(Decide(completed, LifecycleEventType.Reopened));

        Assert.Equal("completed", decision.Main!.Status);
        var copy = Assert.Single(decision.NewActivities);
        Assert.Equal("pending", copy.Status);
        Assert.Null(copy.ExternalId);
        Assert.Equal("Boiler service", copy.Title);
        Assert.Equal("tech-7", copy.UserId);
        Assert.Equal(ExternalId, StringProperty(copy, "copy_of_external_id"));
        Assert.Equal("reopened", StringProperty(copy, "copy_reason"));
        Assert.Empty(ActivityValidator.Validate(copy));
    }

    [Fact]
    public void Prework_created_adds_a_started_activity_linked_to_the_main_one()
    {
        var decision = Applied(Decide(Known(), LifecycleEventType.PreworkCreated));

        Assert.Equal("pending", decision.Main!.Status);
        var prework = Assert.Single(decision.NewActivities);
        Assert.Equal("started", prework.Status);
        Assert.Equal("Prework for Boiler service", prework.Title);
        Assert.Equal("tech-7", prework.UserId);
        Assert.Equal("2026-01-20", prework.ScheduledDate);
        Assert.Equal(EventDecider.DefaultActivityType, prework.ActivityType);
        Assert.Null(prework.ExternalId);
        Assert.Null(prework.ApptNumber);
        Assert.Equal(ExternalId, StringProperty(prework, "prework_of_external_id"));
        Assert.False(prework.Properties.ContainsKey("copy_of_external_id"));
        Assert.Empty(ActivityValidator.Validate(prework));
    }

    [Fact]
    public void A_prework_title_stays_within_the_title_limit()
    {
        var longTitle = new string('t', ActivityRules.MaxTitleLength);
        var state = Apply(Known(), Event(LifecycleEventType.Updated, "2026-01-15 09:00:00", changes: $$"""{"title": "{{longTitle}}"}"""), Stamp("2026-01-15 09:00:00", 2));

        var prework = Assert.Single(Applied(Decide(state, LifecycleEventType.PreworkCreated)).NewActivities);

        Assert.Equal(ActivityRules.MaxTitleLength, prework.Title.Length);
        Assert.StartsWith("Prework for ", prework.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LifecycleEventType.Delayed)]
    [InlineData(LifecycleEventType.Updated)]
    public void Delayed_and_updated_apply_their_changes_and_put_unknown_keys_into_properties(LifecycleEventType type)
    {
        const string Changes = """
            {"endTime": "2026-01-20 14:30:00", "duration": 90, "urgent": true, "note": null,
             "title": "Boiler service (extended)", "description": "Needs a second valve", "activityType": "Repair",
             "apptNumber": "A-2", "customerNumber": "C-10"}
            """;

        var decision = Applied(Decide(Known(), type, changes: Changes));
        var main = decision.Main!;

        Assert.Equal("2026-01-20 14:30:00", StringProperty(main, "endTime"));
        Assert.Equal(90, main.Properties["duration"].GetInt32());
        Assert.True(main.Properties["urgent"].GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, main.Properties["note"].ValueKind);
        Assert.Equal("Boiler service (extended)", main.Title);
        Assert.Equal("Needs a second valve", main.Description);
        Assert.Equal("Repair", main.ActivityType);
        Assert.Equal("A-2", main.ApptNumber);
        Assert.Equal("C-10", main.CustomerNumber);
        Assert.Equal("pending", main.Status);
        Assert.False(main.Properties.ContainsKey("title"));
        Assert.True(decision.Clock.Stamps.ContainsKey("properties.endTime"));
        Assert.True(decision.Clock.Stamps.ContainsKey(ActivityFields.Title));
    }

    [Fact]
    public void Moved_maps_resource_id_to_user_id_and_date_to_scheduled_date()
    {
        var decision = Applied(Decide(Known(), LifecycleEventType.Moved, changes: """{"resourceId": "tech-9", "date": "2026-01-22"}"""));

        Assert.Equal("tech-9", decision.Main!.UserId);
        Assert.Equal("2026-01-22", decision.Main.ScheduledDate);
        Assert.Equal("pending", decision.Main.Status);
        Assert.False(decision.Main.Properties.ContainsKey("resourceId"));
        Assert.False(decision.Main.Properties.ContainsKey("date"));
    }

    [Fact]
    public void Moved_with_the_new_assignment_in_the_details_moves_the_activity()
    {
        var details = """{"activityId": 4455, "resourceId": "tech-9", "date": "2026-01-22"}""";

        var decision = Applied(Decide(Known(), LifecycleEventType.Moved, details: details));

        Assert.Equal("tech-9", decision.Main!.UserId);
        Assert.Equal("2026-01-22", decision.Main.ScheduledDate);
    }

    /// <summary>
    /// EventDecider.Assignments documents "details first, then changes (which win within one event)".
    /// A producer that sends the current assignment in activityDetails and the new one in activityChanges
    /// must see the activity move.
    /// </summary>
    [Fact]
    public void The_decision_remembers_each_value_the_event_sets_at_its_stamp_and_the_value_before()
    {
        var decision = Applied(Decide(Known(), LifecycleEventType.Updated, "2026-01-15 10:30:00", 10, changes: """{"title": "Renamed", "floor": 3}"""));

        var title = decision.History!.Fields["title"];
        Assert.Equal((Stamp("2026-01-15 10:30:00", 10), "Renamed"), (title[^1].Stamp, title[^1].Value!.Value.GetString()));
        Assert.Equal("Boiler service", title[^2].Value!.Value.GetString());
        var floor = decision.History.Fields["properties.floor"];
        Assert.Equal([FieldHistory.Origin, Stamp("2026-01-15 10:30:00", 10)], floor.Select(entry => entry.Stamp));
        Assert.Null(floor[0].Value);
        Assert.Equal(3, floor[1].Value!.Value.GetInt32());
    }

    [Fact]
    public void Changes_win_over_details_within_one_event()
    {
        var details = """{"activityId": 4455, "resourceId": "tech-7", "date": "2026-01-20"}""";

        var decision = Applied(Decide(Known(), LifecycleEventType.Moved, details: details, changes: """{"resourceId": "tech-9", "date": "2026-01-22"}"""));

        Assert.Equal("tech-9", decision.Main!.UserId);
        Assert.Equal("2026-01-22", decision.Main.ScheduledDate);
    }

    [Fact]
    public void The_status_the_type_implies_wins_over_a_status_in_the_changes()
    {
        var decision = Applied(Decide(Known(), LifecycleEventType.Started, changes: """{"status": "suspended"}"""));

        Assert.Equal("started", decision.Main!.Status);
    }

    [Fact]
    public void Details_map_to_user_scheduled_date_appointment_and_customer_numbers()
    {
        var decision = Applied(Decide(ExternalActivityState.Unknown, LifecycleEventType.Created, details: FullDetails));
        var main = decision.Main!;

        Assert.Equal("tech-7", main.UserId);
        Assert.Equal("2026-01-20", main.ScheduledDate);
        Assert.Equal("A-1", main.ApptNumber);
        Assert.Equal("C-9", main.CustomerNumber);
        Assert.Equal(ExternalId, main.ExternalId);
        Assert.Empty(main.Properties);
        Assert.Equal(
            [ActivityFields.ApptNumber, ActivityFields.CustomerNumber, ActivityFields.ScheduledDate, ActivityFields.Status, ActivityFields.UserId],
            decision.Clock.Stamps.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Numeric_resource_appointment_and_customer_ids_become_text()
    {
        var details = """{"activityId": 4455, "resourceId": 7, "apptNumber": 1001, "customerNumber": 99}""";

        var main = Applied(Decide(ExternalActivityState.Unknown, LifecycleEventType.Created, details: details)).Main!;

        Assert.Equal("7", main.UserId);
        Assert.Equal("1001", main.ApptNumber);
        Assert.Equal("99", main.CustomerNumber);
    }

    [Fact]
    public void A_null_date_unschedules_the_activity()
    {
        var main = Applied(Decide(Known(), LifecycleEventType.Moved, details: """{"activityId": 4455, "date": null}""")).Main!;

        Assert.Null(main.ScheduledDate);
    }

    [Fact]
    public void An_unseen_activity_gets_a_default_title_and_the_field_service_type()
    {
        var main = Applied(Decide(ExternalActivityState.Unknown, LifecycleEventType.Started)).Main!;

        Assert.Equal("Field activity 4455", main.Title);
        Assert.Equal("FieldService", main.ActivityType);
        Assert.Equal(EventDecider.DefaultActivityType, main.ActivityType);
        Assert.Equal(ExternalId, main.ExternalId);
        Assert.Empty(ActivityValidator.Validate(main));
    }

    [Fact]
    public void A_created_without_a_title_keeps_the_default_title()
    {
        var main = Applied(Decide(ExternalActivityState.Unknown, LifecycleEventType.Created)).Main!;

        Assert.Equal("Field activity 4455", main.Title);
    }

    [Fact]
    public void A_later_created_replaces_the_default_title_without_rolling_back_a_newer_status()
    {
        var started = Apply(ExternalActivityState.Unknown, Event(LifecycleEventType.Started, "2026-01-15 10:00:00"), Stamp("2026-01-15 10:00:00", 2));
        Assert.Equal("Field activity 4455", started.Current!.Content.Title);

        var created = Event(LifecycleEventType.Created, "2026-01-15 08:00:00", FullDetails, """{"title": "Boiler service", "activityType": "Repair"}""");
        var main = Applied(EventDecider.Decide(started, created, Stamp("2026-01-15 08:00:00", 3))).Main!;

        Assert.Equal("Boiler service", main.Title);
        Assert.Equal("Repair", main.ActivityType);
        Assert.Equal("started", main.Status);
        Assert.Equal("tech-7", main.UserId);
        Assert.Equal(ExternalId, main.ExternalId);
    }

    [Fact]
    public void A_late_event_does_not_roll_back_fields_set_by_a_newer_one_but_sets_the_others()
    {
        var completed = Apply(
            ExternalActivityState.Unknown,
            Event(LifecycleEventType.Completed, "2026-01-15 11:00:00", """{"activityId": 4455, "resourceId": "tech-9"}"""),
            Stamp("2026-01-15 11:00:00", 5));
        var statusStamp = completed.Clock.Stamps[ActivityFields.Status];

        var late = Event(LifecycleEventType.Started, "2026-01-15 10:00:00", """{"activityId": 4455, "resourceId": "tech-7", "date": "2026-01-20"}""", """{"endTime": "2026-01-20 12:00:00"}""");
        var decision = Applied(EventDecider.Decide(completed, late, Stamp("2026-01-15 10:00:00", 6)));

        Assert.Equal("completed", decision.Main!.Status);
        Assert.Equal("tech-9", decision.Main.UserId);
        Assert.Equal("2026-01-20", decision.Main.ScheduledDate);
        Assert.Equal("2026-01-20 12:00:00", StringProperty(decision.Main, "endTime"));
        Assert.Equal(statusStamp, decision.Clock.Stamps[ActivityFields.Status]);
        Assert.Equal(Stamp("2026-01-15 10:00:00", 6), decision.Clock.Stamps[ActivityFields.ScheduledDate]);
    }

    [Fact]
    public void A_late_event_that_only_touches_newer_fields_changes_nothing()
    {
        var completed = Apply(Known(), Event(LifecycleEventType.Completed, "2026-01-15 11:00:00"), Stamp("2026-01-15 11:00:00", 5));

        var decision = Applied(Decide(completed, LifecycleEventType.Started, "2026-01-15 10:00:00", 6));

        Assert.Equal(Canonical(completed.Current!.Content), Canonical(decision.Main));
        Assert.Equal(Canonical(completed.Clock), Canonical(decision.Clock));
    }

    [Fact]
    public void With_equal_times_the_queue_sequence_number_decides()
    {
        var first = Apply(Known(), Event(LifecycleEventType.Completed, "2026-01-15 10:00:00"), Stamp("2026-01-15 10:00:00", 8));

        var decision = Applied(Decide(first, LifecycleEventType.NotDone, "2026-01-15 10:00:00", 7));

        Assert.Equal("completed", decision.Main!.Status);
        Assert.Equal("notdone", Applied(Decide(first, LifecycleEventType.NotDone, "2026-01-15 10:00:00", 9)).Main!.Status);
    }

    [Fact]
    public void Applying_the_same_event_twice_changes_nothing_the_second_time()
    {
        var evt = Event(LifecycleEventType.Delayed, "2026-01-15 10:00:00", FullDetails, """{"endTime": "2026-01-20 14:30:00", "title": "Longer"}""");
        var stamp = Stamp("2026-01-15 10:00:00", 4);
        var once = Apply(Known(), evt, stamp);

        var twice = Apply(once, evt, stamp);

        Assert.Equal(Canonical(once.Current!.Content), Canonical(twice.Current!.Content));
        Assert.Equal(Canonical(once.Clock), Canonical(twice.Clock));
    }

    /// <summary>Activity 4455 as <see cref="Known"/>, then deleted by an event at 12:00.</summary>
    private static ExternalActivityState DeletedAtNoon()
    {
        var deleted = Apply(Known(), Event(LifecycleEventType.Deleted, "2026-01-15 12:00:00"), Stamp("2026-01-15 12:00:00", 5));
        Assert.True(deleted.Deleted);
        return deleted;
    }

    [Theory]
    [InlineData(LifecycleEventType.Created)]
    [InlineData(LifecycleEventType.Updated)]
    [InlineData(LifecycleEventType.Started)]
    [InlineData(LifecycleEventType.Suspended)]
    [InlineData(LifecycleEventType.Completed)]
    [InlineData(LifecycleEventType.NotDone)]
    [InlineData(LifecycleEventType.Canceled)]
    [InlineData(LifecycleEventType.Deleted)]
    [InlineData(LifecycleEventType.Delayed)]
    [InlineData(LifecycleEventType.Reopened)]
    [InlineData(LifecycleEventType.PreworkCreated)]
    [InlineData(LifecycleEventType.Moved)]
    public void Nothing_happens_after_deleted_but_history(LifecycleEventType type)
    {
        var deleted = DeletedAtNoon();

        var decision = EventDecider.Decide(deleted, Event(type, "2026-01-16 09:00:00", FullDetails, """{"title": "Back again?"}"""), Stamp("2026-01-16 09:00:00", 99));

        Assert.Null(decision.Rejection);
        Assert.Null(decision.Main);
        Assert.False(decision.DeleteMain);
        Assert.Empty(decision.NewActivities);
        Assert.Same(deleted.Clock, decision.Clock);
    }

    [Theory]
    [InlineData(LifecycleEventType.Created)]
    [InlineData(LifecycleEventType.Updated)]
    [InlineData(LifecycleEventType.Started)]
    [InlineData(LifecycleEventType.Suspended)]
    [InlineData(LifecycleEventType.Completed)]
    [InlineData(LifecycleEventType.Delayed)]
    [InlineData(LifecycleEventType.Reopened)]
    [InlineData(LifecycleEventType.PreworkCreated)]
    [InlineData(LifecycleEventType.Moved)]
    public void Nothing_happens_after_an_api_delete_but_history_whatever_the_event_time(LifecycleEventType type)
    {
        // Deleted through the API: the store reports Deleted with the event clock as it was, and no snapshot.
        var deleted = new ExternalActivityState(null, Known().Clock, true);

        var decision = EventDecider.Decide(deleted, Event(type, "2026-01-15 07:00:00", FullDetails), Stamp("2026-01-15 07:00:00", 99));

        Assert.Null(decision.Rejection);
        Assert.Null(decision.Main);
        Assert.False(decision.DeleteMain);
        Assert.Empty(decision.NewActivities);
    }

    [Theory]
    [InlineData(LifecycleEventType.Suspended, "suspended")]
    [InlineData(LifecycleEventType.Reopened, "pending")]
    [InlineData(LifecycleEventType.PreworkCreated, "started")]
    public void A_copy_making_event_from_before_the_delete_still_makes_its_copy_but_not_the_main(LifecycleEventType type, string copyStatus)
    {
        var deleted = DeletedAtNoon();

        var decision = Decide(deleted, type, "2026-01-15 11:00:00", 6);

        Assert.Null(decision.Rejection);
        Assert.Null(decision.Main);
        Assert.False(decision.DeleteMain);
        Assert.Same(deleted.Clock, decision.Clock);
        var copy = Assert.Single(decision.NewActivities);
        Assert.Equal(copyStatus, copy.Status);
        Assert.Null(copy.ExternalId);
        Assert.Contains("Boiler service", copy.Title, StringComparison.Ordinal);
        Assert.Equal(ExternalId, StringProperty(copy, type == LifecycleEventType.PreworkCreated ? "prework_of_external_id" : "copy_of_external_id"));
    }

    [Theory]
    [InlineData(LifecycleEventType.Created)]
    [InlineData(LifecycleEventType.Updated)]
    [InlineData(LifecycleEventType.Started)]
    [InlineData(LifecycleEventType.Completed)]
    [InlineData(LifecycleEventType.NotDone)]
    [InlineData(LifecycleEventType.Canceled)]
    [InlineData(LifecycleEventType.Delayed)]
    [InlineData(LifecycleEventType.Moved)]
    public void Any_other_event_from_before_the_delete_is_history_only(LifecycleEventType type)
    {
        var deleted = DeletedAtNoon();

        var decision = Decide(deleted, type, "2026-01-15 11:00:00", 6, FullDetails, """{"title": "Back again?"}""");

        Assert.Null(decision.Rejection);
        Assert.Null(decision.Main);
        Assert.False(decision.DeleteMain);
        Assert.Empty(decision.NewActivities);
    }

    [Fact]
    public void A_copy_making_event_stamped_exactly_as_the_delete_is_not_from_before_it()
    {
        var deleted = DeletedAtNoon();

        var decision = Decide(deleted, LifecycleEventType.Reopened, "2026-01-15 12:00:00", 5);

        Assert.Null(decision.Rejection);
        Assert.Empty(decision.NewActivities);
        Assert.Same(deleted.Clock, decision.Clock);
    }

    [Fact]
    public void A_copy_made_from_before_the_delete_takes_the_changes_over_the_details_of_its_event()
    {
        var deleted = DeletedAtNoon();
        var details = """{"activityId": 4455, "resourceId": "tech-7", "date": "2026-01-20"}""";

        var copy = Assert.Single(Decide(deleted, LifecycleEventType.Suspended, "2026-01-15 11:00:00", 6, details, """{"resourceId": "tech-9"}""").NewActivities);

        Assert.Equal("tech-9", copy.UserId);
    }

    [Fact]
    public void A_late_event_re_derives_the_copies_later_events_made()
    {
        var state = Known() with { CopiesMade = EventCopies.Empty.With(Stamp("2026-01-15 11:00:00", 20), "copy-1", LifecycleEventType.Suspended) };

        var decision = Applied(Decide(state, LifecycleEventType.Updated, "2026-01-15 10:30:00", 10, changes: """{"title": "Renamed"}"""));

        var (id, copy) = Assert.Single(decision.CopyUpdates);
        Assert.Equal("copy-1", id);
        Assert.Contains("Renamed", copy.Title, StringComparison.Ordinal);
        Assert.Equal("suspended", copy.Status);
    }

    [Fact]
    public void A_late_event_from_before_the_delete_re_derives_the_copies_later_events_made()
    {
        var state = DeletedAtNoon() with { CopiesMade = EventCopies.Empty.With(Stamp("2026-01-15 11:30:00", 20), "copy-1", LifecycleEventType.Reopened) };

        var decision = Decide(state, LifecycleEventType.Updated, "2026-01-15 11:00:00", 6, changes: """{"title": "Renamed"}""");

        var (id, copy) = Assert.Single(decision.CopyUpdates);
        Assert.Equal("copy-1", id);
        Assert.Contains("Renamed", copy.Title, StringComparison.Ordinal);
        Assert.Equal("pending", copy.Status);
    }

    [Fact]
    public void A_copy_for_an_activity_deleted_before_it_was_ever_seen_gets_the_default_title()
    {
        var deleted = Apply(ExternalActivityState.Unknown, Event(LifecycleEventType.Deleted, "2026-01-15 12:00:00"), Stamp("2026-01-15 12:00:00", 1));
        Assert.Null(deleted.Snapshot);

        var copy = Assert.Single(Decide(deleted, LifecycleEventType.Reopened, "2026-01-15 11:00:00", 2).NewActivities);

        Assert.Equal("Field activity 4455", copy.Title);
        Assert.Equal("pending", copy.Status);
        Assert.Equal(EventDecider.DefaultActivityType, copy.ActivityType);
        Assert.Null(copy.ExternalId);
    }

    [Theory]
    [InlineData("""{"activityId": 4455, "date": "2026-13-45"}""", null, "scheduled_date")]
    [InlineData(DefaultDetails, """{"date": "2026-02-30"}""", "scheduled_date")]
    [InlineData(DefaultDetails, """{"status": "bogus"}""", "status")]
    [InlineData(DefaultDetails, """{"title": "   "}""", "title")]
    [InlineData(DefaultDetails, """{"title": null}""", "title")]
    [InlineData(DefaultDetails, """{"activityType": "field service!"}""", "activity_type")]
    [InlineData("""{"activityId": 4455, "resourceId": "tech/7"}""", null, "user_id")]
    [InlineData(DefaultDetails, """{"9lives": 1}""", "properties")]
    public void An_event_that_would_make_the_activity_invalid_is_rejected_naming_the_field(string details, string? changes, string field)
    {
        var rejection = Rejected(Decide(Known(), LifecycleEventType.Updated, details: details, changes: changes));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.StartsWith("The event makes the activity invalid", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains(field, rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title": 42}""", "'title'", "Number")]
    [InlineData("""{"status": true}""", "'status'", "True")]
    [InlineData("""{"date": 20260120}""", "'scheduled_date'", "Number")]
    [InlineData("""{"resourceId": ["tech-7"]}""", "'user_id'", "Array")]
    [InlineData("""{"description": {"text": "x"}}""", "'description'", "Object")]
    [InlineData("""{"endTime": {"at": "12:00"}}""", "'properties.endTime'", "Object")]
    [InlineData("""{"parts": [1, 2]}""", "'properties.parts'", "Array")]
    public void A_value_of_the_wrong_type_is_rejected_naming_the_field(string changes, string field, string kind)
    {
        var rejection = Rejected(Decide(Known(), LifecycleEventType.Updated, changes: changes));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Contains(field, rejection.Reason, StringComparison.Ordinal);
        Assert.Contains(kind, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_event_for_an_unseen_activity_creates_nothing()
    {
        var rejection = Rejected(Decide(ExternalActivityState.Unknown, LifecycleEventType.Reopened, details: """{"activityId": 4455, "date": "2026-13-45"}"""));

        Assert.Contains("scheduled_date", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_values_are_trimmed()
    {
        var main = Applied(Decide(Known(), LifecycleEventType.Updated, details: """{"activityId": 4455, "resourceId": "  tech-8 "}""", changes: """{"title": "  Valve swap  "}""")).Main!;

        Assert.Equal("tech-8", main.UserId);
        Assert.Equal("Valve swap", main.Title);
    }
}
