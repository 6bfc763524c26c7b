using System.Text;
using ActivityService.Core.Events;
using static ActivityService.Core.Tests.Events.EventMessages;

namespace ActivityService.Core.Tests.Events;

public sealed class EventParserTests
{
    private static EventRejection Rejected(string json) => Rejected(Encoding.UTF8.GetBytes(json));

    private static EventRejection Rejected(byte[] body)
    {
        var (evt, rejection) = EventParser.Parse(body);
        Assert.Null(evt);
        Assert.NotNull(rejection);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Reason));
        return rejection;
    }

    [Theory]
    [InlineData("{\"companyId\": \"acme\", \"eventType\": \"activityCreated\",")]
    [InlineData("{companyId: 'acme'}")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"companyId\": \"acme\"} trailing")]
    public void Malformed_json_is_rejected_without_a_tenant(string body)
    {
        var rejection = Rejected(body);

        Assert.Null(rejection.CompanyId);
        Assert.Contains("JSON", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_without_a_tenant_even_if_the_tenant_is_readable()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"companyId\": \"acme\", \"eventType\": \"activityCreated\", \"user\": \"");
        var suffix = Encoding.UTF8.GetBytes("\", \"time\": \"2026-01-15 10:30:00\", \"activityDetails\": {\"activityId\": 1}}");
        byte[] invalid = [0xC3, 0x28, 0xFF];

        var rejection = Rejected([.. prefix, .. invalid, .. suffix]);

        Assert.Null(rejection.CompanyId);
        Assert.Contains("UTF-8", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2, 3]")]
    [InlineData("\"activityCreated\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void A_body_that_is_not_an_object_is_rejected_without_a_tenant(string body)
    {
        var rejection = Rejected(body);

        Assert.Null(rejection.CompanyId);
        Assert.Equal("The body must be a JSON object.", rejection.Reason);
    }

    [Theory]
    [InlineData("""{"eventType": "activityCreated", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": null, "eventType": "activityCreated", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": 42, "eventType": "activityCreated", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": {"id": "acme"}, "eventType": "activityCreated", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"CompanyId": "acme", "eventType": "activityCreated", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    public void A_missing_company_id_is_rejected_without_a_tenant(string body)
    {
        var rejection = Rejected(body);

        Assert.Null(rejection.CompanyId);
        Assert.Equal("companyId is missing.", rejection.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("acme/other")]
    [InlineData("ac\\me")]
    [InlineData("acme#1")]
    [InlineData("acme?x=1")]
    [InlineData("ac\u0001me")]
    [InlineData("a\nb")]
    public void An_unusable_company_id_is_rejected_without_a_tenant(string companyId)
    {
        var rejection = Rejected(Message("activityCreated", companyId: companyId));

        Assert.Null(rejection.CompanyId);
        Assert.Equal("companyId is not a usable tenant id.", rejection.Reason);
    }

    [Fact]
    public void A_company_id_longer_than_128_characters_is_rejected_without_a_tenant()
    {
        var rejection = Rejected(Message("activityCreated", companyId: new string('a', 129)));

        Assert.Null(rejection.CompanyId);
        Assert.Equal("companyId is not a usable tenant id.", rejection.Reason);
    }

    [Theory]
    [InlineData("""{"companyId": "acme", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": "acme", "eventType": null, "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": "acme", "eventType": 3, "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""")]
    public void A_missing_event_type_is_rejected_for_the_tenant(string body)
    {
        var rejection = Rejected(body);

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Equal("eventType is missing.", rejection.Reason);
    }

    [Theory]
    [InlineData("activityExploded")]
    [InlineData("ActivityCreated")]
    [InlineData("activitycreated")]
    [InlineData("activityCancelled")]
    [InlineData("")]
    [InlineData(" activityCreated")]
    public void An_unknown_event_type_is_rejected_for_the_tenant_and_named_in_the_reason(string eventType)
    {
        var rejection = Rejected(Message(eventType));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Equal($"eventType '{eventType}' is unknown.", rejection.Reason);
    }

    [Fact]
    public void A_very_long_unknown_event_type_is_cut_short_in_the_reason()
    {
        var rejection = Rejected(Message(new string('x', 5000)));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.True(rejection.Reason.Length < 200, rejection.Reason);
        Assert.Contains("is unknown", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceId": "tech-7"}""")]
    [InlineData("""{"activityId": null}""")]
    [InlineData("""{"activityId": 1.5}""")]
    [InlineData("""{"activityId": 1e30}""")]
    [InlineData("""{"activityId": true}""")]
    [InlineData("""{"activityId": ""}""")]
    [InlineData("""{"activityId": "44/55"}""")]
    [InlineData("""{"activityId": [4455]}""")]
    [InlineData("""{"activityId": {"id": 4455}}""")]
    [InlineData("[4455]")]
    [InlineData("\"4455\"")]
    [InlineData("null")]
    public void A_missing_or_unusable_activity_id_is_rejected_for_the_tenant(string details)
    {
        var rejection = Rejected(Message("activityStarted", details: details));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Contains("activityDetails.activityId", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_without_activity_details_is_rejected_for_the_tenant()
    {
        var rejection = Rejected("""{"companyId": "acme", "eventType": "activityStarted", "time": "2026-01-15 10:30:00"}""");

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Contains("activityDetails.activityId", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-01-15")]
    [InlineData("2026-01-15 10:30")]
    [InlineData("2026-01-15T10:30:00")]
    [InlineData("15.01.2026 10:30:00")]
    [InlineData("2026-02-30 10:00:00")]
    [InlineData("2026-01-15 24:00:00")]
    [InlineData("2026-01-15 10:30:00 +02:00")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void A_bad_time_is_rejected_for_the_tenant(string time)
    {
        var rejection = Rejected(Message("activityStarted", time: time));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Equal("time is missing or not 'YYYY-MM-DD HH:MM:SS' (UTC).", rejection.Reason);
    }

    [Theory]
    [InlineData("""{"companyId": "acme", "eventType": "activityStarted", "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": "acme", "eventType": "activityStarted", "time": 1768473000, "activityDetails": {"activityId": 1}}""")]
    [InlineData("""{"companyId": "acme", "eventType": "activityStarted", "time": null, "activityDetails": {"activityId": 1}}""")]
    public void A_missing_or_non_text_time_is_rejected_for_the_tenant(string body)
    {
        var rejection = Rejected(body);

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Contains("time", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("""[{"status": "started"}]""")]
    [InlineData("\"status=started\"")]
    [InlineData("7")]
    [InlineData("false")]
    public void Activity_changes_that_are_not_an_object_are_rejected_for_the_tenant(string changes)
    {
        var rejection = Rejected(Message("activityUpdated", changes: changes));

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Equal("activityChanges must be an object.", rejection.Reason);
    }

    [Fact]
    public void The_first_problem_decides_the_reason_and_the_tenant_is_kept_once_known()
    {
        var rejection = Rejected("""{"companyId": "acme", "eventType": "nope", "time": "bad"}""");

        Assert.Equal(Tenant, rejection.CompanyId);
        Assert.Contains("eventType 'nope'", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_message_parses_with_every_field()
    {
        var json = """
            { "companyId": "acme", "eventType": "activityStarted", "applicationId": "ofs-sync",
              "time": "2026-01-15 10:30:00", "user": "dispatcher1",
              "activityDetails": { "activityId": 4455, "resourceId": "tech-7", "date": "2026-01-20",
                                   "apptNumber": "A-1", "customerNumber": "C-9" },
              "activityChanges": { "status": "started", "endTime": "2026-01-20 12:00:00" } }
            """;

        var evt = Parse(json);

        Assert.Equal(Tenant, evt.CompanyId);
        Assert.Equal(LifecycleEventType.Started, evt.Type);
        Assert.Equal("activityStarted", evt.TypeName);
        Assert.Equal("4455", evt.ExternalId);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero), evt.Time);
        Assert.Equal(TimeSpan.Zero, evt.Time.Offset);
        Assert.Equal("dispatcher1", evt.User);
        Assert.Equal("ofs-sync", evt.ApplicationId);
        Assert.Equal("tech-7", evt.Details["resourceId"].GetString());
        Assert.Equal("2026-01-20", evt.Details["date"].GetString());
        Assert.Equal("A-1", evt.Details["apptNumber"].GetString());
        Assert.Equal("C-9", evt.Details["customerNumber"].GetString());
        Assert.Equal(4455, evt.Details["activityId"].GetInt64());
        Assert.Equal(["endTime", "status"], evt.Changes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_seed_time_format_is_read_as_utc()
    {
        Assert.True(EventParser.TryParseTime("2026-01-15 23:59:59", out var time));

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 23, 59, 59, TimeSpan.Zero), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Fact]
    public void Rfc3339_times_are_also_accepted_and_normalised_to_utc()
    {
        var evt = Parse(Message("activityStarted", time: "2026-01-15T12:30:00+02:00"));

        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.Zero), evt.Time);
        Assert.Equal(TimeSpan.Zero, evt.Time.Offset);
    }

    [Theory]
    [InlineData("4455", "4455")]
    [InlineData("0", "0")]
    [InlineData("-12", "-12")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("\"4455\"", "4455")]
    [InlineData("\"ofs:WO-4455\"", "ofs:WO-4455")]
    public void The_activity_id_becomes_the_external_id_as_text(string activityId, string expected)
    {
        var evt = Parse(Message("activityCreated", details: $$"""{"activityId": {{activityId}}}"""));

        Assert.Equal(expected, evt.ExternalId);
    }

    [Fact]
    public void Optional_fields_may_be_absent()
    {
        var evt = Parse("""{"companyId": "globex", "eventType": "activityDeleted", "time": "2026-01-15 10:30:00", "activityDetails": {"activityId": 1}}""");

        Assert.Equal("globex", evt.CompanyId);
        Assert.Null(evt.User);
        Assert.Null(evt.ApplicationId);
        Assert.Empty(evt.Changes);
    }

    [Fact]
    public void Null_activity_changes_are_read_as_no_changes()
    {
        var evt = Parse(Message("activityUpdated", changes: "null"));

        Assert.Empty(evt.Changes);
    }

    [Theory]
    [InlineData("activityCreated", LifecycleEventType.Created)]
    [InlineData("activityUpdated", LifecycleEventType.Updated)]
    [InlineData("activityStarted", LifecycleEventType.Started)]
    [InlineData("activitySuspended", LifecycleEventType.Suspended)]
    [InlineData("activityCompleted", LifecycleEventType.Completed)]
    [InlineData("activityNotDone", LifecycleEventType.NotDone)]
    [InlineData("activityCanceled", LifecycleEventType.Canceled)]
    [InlineData("activityDeleted", LifecycleEventType.Deleted)]
    [InlineData("activityDelayed", LifecycleEventType.Delayed)]
    [InlineData("activityReopened", LifecycleEventType.Reopened)]
    [InlineData("activityPreworkCreated", LifecycleEventType.PreworkCreated)]
    [InlineData("activityMoved", LifecycleEventType.Moved)]
    public void Every_seed_event_name_parses_to_its_type(string name, LifecycleEventType expected)
    {
        var evt = Parse(Message(name));

        Assert.Equal(expected, evt.Type);
        Assert.Equal(name, evt.TypeName);
    }

    [Fact]
    public void Exactly_the_twelve_seed_event_names_are_known()
    {
        Assert.Equal(12, LifecycleEventTypes.Names.Count);
        Assert.Equal(12, Enum.GetValues<LifecycleEventType>().Length);
        Assert.All(Enum.GetValues<LifecycleEventType>(), type => Assert.Contains(LifecycleEventTypes.Name(type), LifecycleEventTypes.Names));
    }

    [Fact]
    public void A_parsed_event_keeps_its_values_after_the_body_buffer_is_reused()
    {
        var body = Utf8(Message("activityUpdated", changes: """{"title": "Valve swap"}""")).ToArray();

        var evt = EventParser.Parse(body).Event!;
        Array.Fill(body, (byte)' ');

        Assert.Equal("Valve swap", evt.Changes["title"].GetString());
        Assert.Equal(4455, evt.Details["activityId"].GetInt32());
    }
}
