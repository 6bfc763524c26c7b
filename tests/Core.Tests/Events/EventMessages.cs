using System.Globalization;
using System.Text;
using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.Events;
using ActivityService.Core.Tests.Activities;

namespace ActivityService.Core.Tests.Events;

/// <summary>Builds §6 queue messages and folds decisions, for the event tests.</summary>
internal static class EventMessages
{
    public const string Tenant = "acme";
    public const string ExternalId = "4455";
    public const string DefaultTime = "2026-01-15 10:30:00";
    public const string DefaultDetails = """{"activityId": 4455}""";

    /// <summary>The JSON text of a message; <paramref name="changes"/> is raw JSON or null to leave it out.</summary>
    public static string Message(
        string eventType,
        string time = DefaultTime,
        string details = DefaultDetails,
        string? changes = null,
        string companyId = Tenant)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{{\"companyId\": {JsonSerializer.Serialize(companyId)}, ")
            .Append(CultureInfo.InvariantCulture, $"\"eventType\": {JsonSerializer.Serialize(eventType)}, ")
            .Append("\"applicationId\": \"ofs-sync\", ")
            .Append(CultureInfo.InvariantCulture, $"\"time\": {JsonSerializer.Serialize(time)}, ")
            .Append("\"user\": \"dispatcher1\", ")
            .Append(CultureInfo.InvariantCulture, $"\"activityDetails\": {details}");
        if (changes is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $", \"activityChanges\": {changes}");
        }

        return text.Append('}').ToString();
    }

    public static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Parses a message that must be valid.</summary>
    public static LifecycleEvent Parse(string json)
    {
        var (evt, rejection) = EventParser.Parse(Utf8(json));
        Assert.True(rejection is null, $"Expected a valid message, got: {rejection?.Reason}");
        return evt!;
    }

    public static LifecycleEvent Event(
        LifecycleEventType type,
        string time = DefaultTime,
        string details = DefaultDetails,
        string? changes = null) =>
        Parse(Message(LifecycleEventTypes.Name(type), time, details, changes));

    public static EventStamp Stamp(string time, long sequence)
    {
        Assert.True(EventParser.TryParseTime(time, out var parsed), $"Bad test time {time}");
        return new EventStamp(parsed, sequence);
    }

    /// <summary>The state the next event sees after <paramref name="decision"/> was stored.</summary>
    public static ExternalActivityState Next(ExternalActivityState state, EventDecision decision)
    {
        Assert.True(decision.Rejection is null, $"Unexpected rejection: {decision.Rejection?.Reason}");
        if (decision.DeleteMain)
        {
            // As the store keeps it: the content at the delete, for copies by events from before it.
            return new ExternalActivityState(null, decision.Clock, true, state.Current?.Content);
        }

        return decision.Main is { } main
            ? new ExternalActivityState(ActivityContents.Stored(main), decision.Clock, state.Deleted)
            : state with { Clock = decision.Clock };
    }

    /// <summary>Decides and folds in one step.</summary>
    public static ExternalActivityState Apply(ExternalActivityState state, LifecycleEvent evt, EventStamp stamp) =>
        Next(state, EventDecider.Decide(state, evt, stamp));

    /// <summary>Content as comparable text: every field, properties sorted by key.</summary>
    public static string Canonical(ActivityContent? content)
    {
        if (content is null)
        {
            return "(none)";
        }

        var properties = string.Join(", ", content.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.GetRawText()}"));
        return string.Join(
            " | ",
            $"user_id={content.UserId}",
            $"contact_id={content.ContactId}",
            $"activity_type={content.ActivityType}",
            $"title={content.Title}",
            $"description={content.Description}",
            $"status={content.Status}",
            $"scheduled_date={content.ScheduledDate}",
            $"external_id={content.ExternalId}",
            $"appt_number={content.ApptNumber}",
            $"customer_number={content.CustomerNumber}",
            $"read_at={content.ReadAt?.ToString("O", CultureInfo.InvariantCulture)}",
            $"properties={{{properties}}}");
    }

    /// <summary>A clock as comparable text.</summary>
    public static string Canonical(FieldClock clock) =>
        string.Join(", ", clock.Stamps.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}@{p.Value.Time:O}#{p.Value.Sequence}"));

    public static string? StringProperty(ActivityContent content, string key) =>
        content.Properties.TryGetValue(key, out var value) ? value.GetString() : null;
}
