using System.Text.Json;
using ActivityService.Core.Activities;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Core.Storage;

/// <summary>Maps activities to rows and back. The activity row and its feed copies share one shape.</summary>
internal static class ActivityEntities
{
    public static TableEntity ToEntity(string companyId, string rowKey, StoredActivity stored)
    {
        var activity = stored.Activity;
        var content = activity.Content;
        var entity = new TableEntity(companyId, rowKey)
        {
            ["Kind"] = "activity",
            ["Id"] = activity.Id,
            ["UserId"] = content.UserId,
            ["ContactId"] = content.ContactId,
            ["VisitorId"] = content.VisitorId,
            ["CustomerId"] = content.CustomerId,
            ["RelationType"] = content.RelationType,
            ["RelationId"] = content.RelationId,
            ["ActivityType"] = content.ActivityType,
            ["MessageType"] = content.MessageType,
            ["Direction"] = content.Direction,
            ["Title"] = content.Title,
            ["Description"] = content.Description,
            ["FormattedDescription"] = content.FormattedDescription,
            ["Slug"] = content.Slug,
            ["Status"] = content.Status,
            ["ScheduledDate"] = content.ScheduledDate,
            ["ExternalId"] = content.ExternalId,
            ["ApptNumber"] = content.ApptNumber,
            ["CustomerNumber"] = content.CustomerNumber,
            ["ReadAt"] = content.ReadAt,
            ["IsRead"] = content.ReadAt is not null,
            ["ReadGeneration"] = stored.ReadGeneration,
            ["SeenAt"] = content.SeenAt,
            ["SeenGeneration"] = stored.SeenGeneration,
            ["ArchivedAt"] = content.ArchivedAt,
            ["IsArchived"] = content.ArchivedAt is not null,
            ["CreatedAt"] = activity.CreatedAt,
            ["UpdatedAt"] = activity.UpdatedAt,
            ["Version"] = activity.Version,
        };
        if (content.Properties.Count > 0)
        {
            LargeText.Write(entity, "Properties", JsonSerializer.Serialize(content.Properties, StoredJson.Options));
        }

        return entity;
    }

    public static StoredActivity FromEntity(TableEntity entity)
    {
        var properties = LargeText.Read(entity, "Properties") is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!
            : ActivityContent.EmptyProperties;
        var content = new ActivityContent
        {
            UserId = entity.GetString("UserId"),
            ContactId = entity.GetString("ContactId"),
            VisitorId = entity.GetString("VisitorId"),
            CustomerId = entity.GetString("CustomerId"),
            RelationType = entity.GetString("RelationType"),
            RelationId = entity.GetString("RelationId"),
            ActivityType = entity.GetString("ActivityType"),
            MessageType = entity.GetString("MessageType"),
            Direction = entity.GetString("Direction"),
            Title = entity.GetString("Title") ?? "",
            Description = entity.GetString("Description"),
            FormattedDescription = entity.GetString("FormattedDescription"),
            Slug = entity.GetString("Slug"),
            Status = entity.GetString("Status"),
            ScheduledDate = entity.GetString("ScheduledDate"),
            ExternalId = entity.GetString("ExternalId"),
            ApptNumber = entity.GetString("ApptNumber"),
            CustomerNumber = entity.GetString("CustomerNumber"),
            Properties = properties,
            ReadAt = entity.GetDateTime("ReadAt"),
            SeenAt = entity.GetDateTime("SeenAt") ?? LegacySeenAt(entity),
            ArchivedAt = entity.GetDateTime("ArchivedAt"),
        };
        var activity = new Activity
        {
            Id = entity.GetString("Id")!,
            CompanyId = entity.PartitionKey,
            Content = content,
            CreatedAt = entity.GetDateTime("CreatedAt")!.Value,
            UpdatedAt = entity.GetDateTime("UpdatedAt")!.Value,
            Version = entity.GetInt64("Version")!.Value,
        };
        return new StoredActivity(activity, entity.GetInt32("ReadGeneration") ?? 0, entity.ETag) { SeenGeneration = entity.GetInt32("SeenGeneration") ?? 0 };
    }

    /// <summary>
    /// A row stored before seen state existed has no seen generation; its owner's unseen count never
    /// counted it, so it reads as seen when it was created (keeping the count equal to a walk of the feed).
    /// </summary>
    private static DateTimeOffset? LegacySeenAt(TableEntity entity) =>
        entity.GetInt32("SeenGeneration") is null ? entity.GetDateTime("CreatedAt") : null;

    /// <summary>Whether a row read by a feed query is an activity (the user state row shares the range).</summary>
    public static bool IsActivity(TableEntity entity) => entity.GetString("Kind") == "activity";
}
