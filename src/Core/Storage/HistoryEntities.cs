using System.Text.Json.Nodes;
using ActivityService.Core.History;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>Maps history entries to rows and back. Timeline copies carry the activity type for filtering.</summary>
internal static class HistoryEntities
{
    public static TableEntity ToEntity(string companyId, string rowKey, HistoryEntry entry, string? activityType)
    {
        var entity = new TableEntity(companyId, rowKey)
        {
            ["Kind"] = "history",
            ["Id"] = entry.Id,
            ["ActivityId"] = entry.ActivityId,
            ["ActivityType"] = activityType,
            ["Event"] = entry.Event,
            ["Source"] = entry.Source,
            ["SourceEvent"] = entry.SourceEvent,
            ["OccurredAt"] = entry.OccurredAt,
            ["RecordedAt"] = entry.RecordedAt,
            ["ActorUserId"] = entry.Actor.UserId,
            ["ActorApplicationId"] = entry.Actor.ApplicationId,
        };
        var changes = StoredJson.Serialize(Changes(entry, node => node?.DeepClone()));
        if (changes.Length > StoredJson.MaxHistoryChangesCharacters)
        {
            // Within the budget for every valid patch: at most ~70 changes of two values of 256 characters.
            changes = StoredJson.Serialize(Changes(entry, StoredJson.TruncateStrings));
        }

        LargeText.Write(entity, "Changes", changes);
        return entity;
    }

    private static JsonArray Changes(HistoryEntry entry, Func<JsonNode?, JsonNode?> value) =>
        new(entry.Changes
            .Select(change => (JsonNode)new JsonObject
            {
                ["field"] = change.Field,
                ["previous"] = value(change.Previous),
                ["current"] = value(change.Current),
            })
            .ToArray());

    public static HistoryEntry FromEntity(TableEntity entity)
    {
        var changes = JsonNode.Parse(LargeText.Read(entity, "Changes") ?? "[]")!.AsArray()
            .Select(node => new FieldChange(
                node!["field"]!.GetValue<string>(),
                node["previous"]?.DeepClone(),
                node["current"]?.DeepClone()))
            .ToList();
        return new HistoryEntry(
            entity.GetString("Id")!,
            entity.GetString("ActivityId")!,
            entity.GetString("Event")!,
            entity.GetString("Source")!,
            entity.GetString("SourceEvent"),
            entity.GetDateTime("OccurredAt")!.Value,
            entity.GetDateTime("RecordedAt")!.Value,
            new Actor(entity.GetString("ActorUserId"), entity.GetString("ActorApplicationId")),
            changes);
    }
}
