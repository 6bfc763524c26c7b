using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.History;

namespace ActivityService.Functions.Http;

/// <summary>Success responses of the activity routes, and the one place store outcomes become status codes.</summary>
public static class ActivityResults
{
    public static IResult Activity(Activity activity, int statusCode = StatusCodes.Status200OK, string? location = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new JsonWriterResult(statusCode, writer => ActivityJson.WriteActivity(writer, activity), EntityTags.Format(activity.Version), location);
    }

    public static IResult Page(FeedPage<Activity> page) => PageOf(page, ActivityJson.WriteActivity);

    public static IResult HistoryPage(FeedPage<HistoryEntry> page) => PageOf(page, HistoryJson.Write);

    /// <summary>The badge numbers (contract §10): <c>{"unread_count": n, "unseen_count": m}</c>.</summary>
    public static IResult UnreadCount(InboxCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return new JsonWriterResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("unread_count", counts.UnreadCount);
            writer.WriteNumber("unseen_count", counts.UnseenCount);
            writer.WriteEndObject();
        });
    }

    /// <summary>Maps a write outcome that did not succeed to its problem response.</summary>
    public static IResult Failure(WriteStatus status, IReadOnlyDictionary<string, string[]>? errors = null) => status switch
    {
        WriteStatus.NotFound => Problems.NotFound(),
        WriteStatus.VersionMismatch => Problems.PreconditionFailed(),
        WriteStatus.Invalid => Problems.Validation(errors!.ToDictionary()),
        WriteStatus.IdempotencyConflict => Problems.Conflict("This Idempotency-Key was used with a different request body."),
        WriteStatus.ExternalIdConflict => Problems.Conflict("Another activity already has this external_id."),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a failure."),
    };

    /// <summary>Maps a listing outcome without a page (bad cursor, unknown activity) to its problem response.</summary>
    public static IResult Failure<T>(ListOutcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.NotFound ? Problems.NotFound() : Problems.Validation("cursor", outcome.CursorError!);
    }

    /// <summary>A page in the listing shape of contract §4: <c>{"data": [...], "next_cursor": ...}</c>.</summary>
    public static JsonWriterResult PageOf<T>(FeedPage<T> page, Action<Utf8JsonWriter, T> writeItem) =>
        new(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            foreach (var item in page.Items)
            {
                writeItem(writer, item);
            }

            writer.WriteEndArray();
            if (page.NextCursor is null)
            {
                writer.WriteNull("next_cursor");
            }
            else
            {
                writer.WriteString("next_cursor", page.NextCursor);
            }

            writer.WriteEndObject();
        });
}
