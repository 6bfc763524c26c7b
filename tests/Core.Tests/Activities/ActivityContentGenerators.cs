using ActivityService.Core.Activities;
using ActivityService.Core.Catalog;
using FsCheck;
using FsCheck.Fluent;

namespace ActivityService.Core.Tests.Activities;

internal static class ActivityContentGenerators
{
    /// <summary>Valid content built from independently chosen valid values of each field.</summary>
    public static Gen<ActivityContent> Valid()
    {
        var identifiers = Gen.Elements<string?>(null, "u1", "ofs:4455", "A-1", new string('i', 128));
        var catalogRows = Gen.Elements(MessageTypeCatalog.All.ToArray());
        var relations = Gen.Elements<(string? Type, string? Id)>((null, null), ("product", "33333"), ("note", "n-1"));
        var properties = Gen.Elements(
            "{}",
            """{"amount": 150, "paid": true, "note": null}""",
            """{"currency": "USD", "rate": -0.5e-3}""");
        var times = Gen.Choose(0, int.MaxValue)
            .Select(milliseconds => (DateTimeOffset?)DateTimeOffset.UnixEpoch.AddMilliseconds(milliseconds * 997L));

        return
            from userId in identifiers
            from externalId in identifiers
            from row in catalogRows
            from relation in relations
            from props in properties
            from readAt in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), times)
            from title in Gen.Elements("t", "New order placed", new string('t', 200))
            from status in Gen.Elements<string?>(null, "pending", "cancelled")
            from date in Gen.Elements<string?>(null, "2024-02-29", "2026-12-31")
            select new ActivityContent
            {
                UserId = userId,
                ExternalId = externalId,
                ActivityType = row.ActivityType,
                MessageType = row.MessageType,
                Direction = row.Direction,
                RelationType = relation.Type,
                RelationId = relation.Id,
                Title = title,
                Status = status,
                ScheduledDate = date,
                FormattedDescription = "<p><b>Jane</b> &amp; co</p>",
                Properties = ActivityContents.Properties(props),
                ReadAt = readAt,
            };
    }
}
