using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActivityService.Core.Activities;
using ActivityService.Core.Catalog;
using ActivityService.Functions.Api;
using ActivityService.Functions.Http;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace ActivityService.Integration.Tests.Api;

/// <summary>
/// The hand-written OpenAPI document (src/Functions/openapi.json, served at /api/openapi.json) must stay
/// in step with the routes the app maps and the field rules in Core.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    /// <summary>
    /// Routes of later issues: remove from this list when implemented. They are documented (contract §5,
    /// §9) but not mapped yet; once one is mapped, the test fails until it is removed from here.
    /// </summary>
    private static readonly string[] DocumentedButNotYetMapped = [];

    private const string NullValue = "(null)";

    private static readonly HashSet<string> OperationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    [Fact]
    public async Task Document_is_served_anonymously_as_openapi_3_0_with_info_paths_and_components()
    {
        await using var server = await AppServer.StartAsync();
        using var client = server.Anonymous();

        using var response = await client.GetAsync(new Uri("/api/openapi.json", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        Assert.StartsWith("3.0.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("info").GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("info").GetProperty("version").GetString()));
        Assert.NotEmpty(root.GetProperty("paths").EnumerateObject());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("components").GetProperty("schemas").ValueKind);
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearerAuth").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Every_mapped_route_is_documented_and_every_documented_route_is_mapped_or_listed_as_later()
    {
        await using var server = await AppServer.StartAsync();
        using var document = await FetchAsync(server);

        var mapped = MappedRoutes(server).Keys.ToHashSet(StringComparer.Ordinal);
        var documented = DocumentedOperations(document.RootElement).Keys.ToHashSet(StringComparer.Ordinal);

        Assert.Empty(mapped.Except(documented).Order());
        Assert.Empty(documented.Except(mapped).Except(DocumentedButNotYetMapped).Order());
        Assert.Empty(DocumentedButNotYetMapped.Except(documented).Order());
        // Implemented now: take it off DocumentedButNotYetMapped.
        Assert.Empty(DocumentedButNotYetMapped.Intersect(mapped).Order());
    }

    [Fact]
    public async Task Documented_anonymous_operations_are_exactly_the_routes_that_allow_anonymous_callers()
    {
        await using var server = await AppServer.StartAsync();
        using var document = await FetchAsync(server);

        var anonymousInApp = MappedRoutes(server).Where(route => route.Value).Select(route => route.Key).Order().ToArray();
        var anonymousInDocument = DocumentedOperations(document.RootElement)
            .Where(operation => operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() == 0)
            .Select(operation => operation.Key)
            .Except(DocumentedButNotYetMapped)
            .Order()
            .ToArray();

        Assert.Equal(anonymousInApp, anonymousInDocument);
        Assert.Equal("bearerAuth", Assert.Single(document.RootElement.GetProperty("security").EnumerateArray()).EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task Every_reference_resolves_within_the_document()
    {
        await using var server = await AppServer.StartAsync();
        using var document = await FetchAsync(server);
        var root = document.RootElement;

        var references = new List<string>();
        CollectReferences(root, references);
        var unresolved = references.Distinct(StringComparer.Ordinal).Where(reference => !Resolves(root, reference)).ToList();

        Assert.NotEmpty(references);
        Assert.Empty(unresolved);
    }

    [Fact]
    public async Task Activity_schemas_name_the_fields_and_values_of_the_rules_in_core()
    {
        await using var server = await AppServer.StartAsync();
        using var document = await FetchAsync(server);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var activity = PropertyNames(schemas.GetProperty("Activity"));
        Assert.Equal(ActivityFields.Writable.Concat(ActivityFields.OwnerOnly).Concat(ActivityFields.ReadOnly).Order(), activity.Order());
        Assert.Equal(activity.Order(), schemas.GetProperty("Activity").GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order());
        foreach (var (name, allowed) in new[] { ("ActivityCreate", ActivityFields.Writable), ("ActivityPatch", ActivityFields.Writable), ("ReadStatePatch", ActivityFields.UserScopedPatchable) })
        {
            Assert.Equal(allowed.Order(), PropertyNames(schemas.GetProperty(name)).Order());
            Assert.False(schemas.GetProperty(name).GetProperty("additionalProperties").GetBoolean());
        }

        var fields = schemas.GetProperty("Activity").GetProperty("properties");
        Assert.Equal([.. ActivityRules.RelationTypes, NullValue], Enum(fields.GetProperty("relation_type")));
        Assert.Equal([.. ActivityRules.Statuses, NullValue], Enum(fields.GetProperty("status")));
        Assert.Equal([.. MessageDirections.All, NullValue], Enum(fields.GetProperty("direction")));
        Assert.Equal(ActivityRules.MaxTitleLength, fields.GetProperty("title").GetProperty("maxLength").GetInt32());
        Assert.Equal(ActivityRules.MaxSlugLength, fields.GetProperty("slug").GetProperty("maxLength").GetInt32());
        Assert.Equal(ActivityRules.SlugPattern.Replace(@"\z", "$", StringComparison.Ordinal), fields.GetProperty("slug").GetProperty("pattern").GetString());
        Assert.Equal(ActivityRules.ActivityTypePattern.Replace(@"\z", "$", StringComparison.Ordinal), fields.GetProperty("activity_type").GetProperty("pattern").GetString());

        var limit = document.RootElement.GetProperty("components").GetProperty("parameters").GetProperty("Limit").GetProperty("schema");
        Assert.Equal(FeedQueryBinder.MaxLimit, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(FeedQueryBinder.DefaultLimit, limit.GetProperty("default").GetInt32());
        Assert.All(Enum(schemas.GetProperty("Problem").GetProperty("properties").GetProperty("type")), type => Assert.StartsWith(Problems.TypeBase, type, StringComparison.Ordinal));
    }

    private static async Task<JsonDocument> FetchAsync(AppServer server)
    {
        using var client = server.Anonymous();
        var text = await client.GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative));
        return JsonDocument.Parse(text);
    }

    /// <summary>
    /// "METHOD /normalized/path" of every endpoint the app maps, and whether it allows anonymous callers.
    /// Left out: endpoints marked <c>ExcludeFromDescription()</c> (e.g. the host probe at <c>/</c>), and a
    /// SignalR hub's transport endpoints, which clients reach through the hub protocol (its negotiate
    /// endpoint is kept: the contract documents it).
    /// </summary>
    private static Dictionary<string, bool> MappedRoutes(AppServer server)
    {
        var routes = new Dictionary<string, bool>(StringComparer.Ordinal);
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var metadata = endpoint.Metadata;
            if (metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true }
                || (metadata.GetMetadata<HubMetadata>() is not null && metadata.GetMetadata<NegotiateMetadata>() is null))
            {
                continue;
            }

            var path = Normalize(endpoint.RoutePattern.RawText ?? "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(Segment)));
            // SignalR maps negotiate without method metadata; clients (and the contract) use POST.
            var methods = metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods
                ?? (metadata.GetMetadata<NegotiateMetadata>() is not null ? ["POST"] : ["ANY"]);
            var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in methods)
            {
                routes[method.ToUpperInvariant() + " " + path] = anonymous;
            }
        }

        return routes;
    }

    private static string Segment(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "{}",
        }));

    /// <summary>"METHOD /normalized/path" of every operation in the document.</summary>
    private static Dictionary<string, JsonElement> DocumentedOperations(JsonElement root)
    {
        var operations = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var item in path.Value.EnumerateObject().Where(item => OperationKeys.Contains(item.Name)))
            {
                operations[item.Name.ToUpperInvariant() + " " + Normalize(path.Name)] = item.Value;
            }
        }

        return operations;
    }

    /// <summary>Without a trailing slash, with every route parameter (name, constraints) reduced to <c>{}</c>.</summary>
    private static string Normalize(string path)
    {
        var withRoot = path.StartsWith('/') ? path : "/" + path;
        var trimmed = withRoot.Length > 1 ? withRoot.TrimEnd('/') : withRoot;
        return RouteParameter().Replace(trimmed, "{}");
    }

    private static void CollectReferences(JsonElement element, List<string> references)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        references.Add(property.Value.GetString() ?? "");
                    }
                    else
                    {
                        CollectReferences(property.Value, references);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    CollectReferences(item, references);
                }

                break;
        }
    }

    /// <summary>Whether a local reference (<c>#/json/pointer</c>, RFC 6901) names an object in the document.</summary>
    private static bool Resolves(JsonElement root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return false;
        }

        var current = root;
        foreach (var token in reference[2..].Split('/'))
        {
            var name = Uri.UnescapeDataString(token).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return false;
            }
        }

        return current.ValueKind == JsonValueKind.Object;
    }

    private static string[] PropertyNames(JsonElement schema) =>
        schema.GetProperty("properties").EnumerateObject().Select(property => property.Name).ToArray();

    /// <summary>The values of a schema's enum; JSON null (a nullable enum lists it) as <see cref="NullValue"/>.</summary>
    private static string[] Enum(JsonElement schema) =>
        schema.GetProperty("enum").EnumerateArray().Select(value => value.ValueKind == JsonValueKind.Null ? NullValue : value.GetString()!).ToArray();

    [GeneratedRegex(@"\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();
}
