using ActivityService.Core.Catalog;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Http;

namespace ActivityService.Functions.Api;

/// <summary>Contract §5.6: the message-type catalog, optionally filtered by activity type and direction.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/activity-message-types", List).RequireAuthorization(AuthSetup.CallerPolicy);
        return app;
    }

    public static IResult List(HttpRequest request)
    {
        var reader = new QueryReader(request.Query, ["activity_type", "direction"]);
        var activityType = reader.Text("activity_type");
        var direction = reader.Text("direction", MessageDirections.IsValid, "Must be one of: " + string.Join(", ", MessageDirections.All) + ".");
        if (!reader.IsValid)
        {
            return Problems.Validation(reader.Errors);
        }

        var rows = MessageTypeCatalog.Filter(activityType, direction);
        return new JsonWriterResult(StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("data");
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("activity_type", row.ActivityType);
                writer.WriteString("message_type", row.MessageType);
                writer.WriteString("direction", row.Direction);
                writer.WriteString("meaning", row.Meaning);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
