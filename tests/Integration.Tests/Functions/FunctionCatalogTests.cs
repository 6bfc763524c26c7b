using System.Text.Json.Nodes;
using ActivityService.Functions.FunctionsHost;
using ActivityService.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// The <c>functions/</c> folder, the app's routes and the payload-mode adapters all agree with
/// <see cref="FunctionCatalog"/>. Set <c>ACTIVITY_UPDATE_FUNCTIONS=1</c> to regenerate the folder from the catalog.
/// </summary>
public sealed class FunctionCatalogTests
{
    public const string UpdateVariable = "ACTIVITY_UPDATE_FUNCTIONS";

    private static string FunctionsFolder => Path.Combine(FunctionsTestKit.RepositoryRoot, "functions");

    [Fact]
    public void Committed_functions_folder_is_what_the_catalog_generates()
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            FunctionCatalog.WriteAll(FunctionsFolder);
        }

        var expected = FunctionCatalog.RenderAll();
        var folders = Directory.Exists(FunctionsFolder)
            ? Directory.GetDirectories(FunctionsFolder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), folders);
        foreach (var (name, text) in expected)
        {
            var file = Path.Combine(FunctionsFolder, name, "function.json");
            Assert.True(File.Exists(file), $"{file} is missing; run the tests with {UpdateVariable}=1 to regenerate functions/.");
            Assert.True(
                text == File.ReadAllText(file),
                $"{file} differs from the catalog; run the tests with {UpdateVariable}=1 to regenerate functions/.");
            Assert.Single(Directory.GetFiles(Path.Combine(FunctionsFolder, name)));
        }
    }

    [Fact]
    public void Function_names_are_unique_and_no_two_functions_share_a_route_and_method()
    {
        Assert.Equal(FunctionCatalog.All.Count, FunctionCatalog.All.Select(function => function.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var routes = FunctionCatalog.All
            .Where(function => function.IsHttp)
            .SelectMany(function => function.Methods.Select(method => (Route: function.Route!.ToUpperInvariant(), Method: method.ToUpperInvariant())))
            .ToList();
        Assert.Equal(routes.Count, routes.Distinct().Count());
    }

    [Fact]
    public void Payload_mode_is_used_exactly_where_a_function_has_more_than_an_http_trigger_and_response()
    {
        foreach (var function in FunctionCatalog.All)
        {
            var bindings = FunctionCatalog.ToFunctionJson(function)["bindings"]!.AsArray().Select(binding => binding!["type"]!.GetValue<string>()).ToList();
            var forwarded = bindings.SequenceEqual(["httpTrigger", "http"]);
            Assert.Equal(forwarded ? InvocationMode.Forwarded : InvocationMode.Payload, function.Mode);
        }

        // The functions whose success pushes SignalR messages are the payload-mode HTTP ones.
        Assert.Equal(
            ["BulkUpdateMyActivities", "CreateActivity", "DeleteActivity", "DeleteMyActivity", "MarkAllRead", "MarkAllSeen", "PatchActivity", "PatchMyActivity"],
            FunctionCatalog.All.Where(function => function.Kind == FunctionKind.HttpWithRealtime).Select(function => function.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bindings_follow_the_host_contract()
    {
        var negotiate = FunctionCatalog.ToFunctionJson(FunctionCatalog.Find(FunctionCatalog.Negotiate)!)["bindings"]!.AsArray();
        var info = negotiate.Single(binding => binding!["type"]!.GetValue<string>() == "signalRConnectionInfo")!;
        Assert.Equal("activities", info["hubName"]!.GetValue<string>());
        Assert.Equal("{headers.x-activity-user}", info["userId"]!.GetValue<string>());
        Assert.Equal("AzureSignalRConnectionString", info["connectionStringSetting"]!.GetValue<string>());
        Assert.Contains(negotiate, binding => binding!["type"]!.GetValue<string>() == "signalR");

        var events = FunctionCatalog.ToFunctionJson(FunctionCatalog.Find(FunctionCatalog.ProcessActivityEvent)!)["bindings"]!.AsArray();
        FunctionsTestKit.AssertJsonEqual(
            JsonNode.Parse("""{"type":"serviceBusTrigger","direction":"in","name":"message","queueName":"activity-events","connection":"ServiceBusConnection","dataType":"binary"}"""),
            events[0]);
        FunctionsTestKit.AssertJsonEqual(
            JsonNode.Parse("""{"type":"signalR","direction":"out","name":"signalRMessages","hubName":"activities","connectionStringSetting":"AzureSignalRConnectionString"}"""),
            events[1]);

        foreach (var function in FunctionCatalog.All.Where(function => function.IsHttp))
        {
            var trigger = FunctionCatalog.ToFunctionJson(function)["bindings"]![0]!;
            Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
            Assert.Equal("req", trigger["name"]!.GetValue<string>());
            Assert.Equal("anonymous", trigger["authLevel"]!.GetValue<string>());
            Assert.False(trigger["route"]!.GetValue<string>().StartsWith('/'), "Routes are relative to the api prefix.");
        }
    }

    [Fact]
    public async Task Every_function_maps_to_an_app_endpoint_and_every_app_endpoint_to_exactly_one_function()
    {
        await using var server = await AppServer.StartAsync("--Hosting:Mode=Functions");
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // The API routes the host forwards or rebuilds: all but the host's start probe (GET /) and the
        // payload-mode invocation routes themselves. Dev routes and the hub are not mapped in Functions mode.
        var apiRoutes = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<FunctionInvocationMetadata>() is null && endpoint.RoutePattern.RawText != "/")
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => (Route: Normalize(endpoint.RoutePattern.RawText!), Method: method.ToUpperInvariant())))
            .ToList();
        Assert.DoesNotContain(apiRoutes, route => route.Method == "*" || route.Route.StartsWith("/api/dev", StringComparison.Ordinal));

        var functionRoutes = FunctionCatalog.All
            .Where(function => function.IsHttp)
            .SelectMany(function => function.Methods.Select(method => (Route: Normalize(function.PublicRouteTemplate!), Method: method.ToUpperInvariant(), function.Name)))
            .ToList();

        foreach (var (route, method, name) in functionRoutes)
        {
            if (name == FunctionCatalog.Negotiate)
            {
                continue; // served by SignalR Service in Azure (the in-process hub locally), not by an app endpoint
            }

            Assert.True(apiRoutes.Contains((route, method)), $"{name} ({method} {route}) matches no app endpoint.");
        }

        foreach (var (route, method) in apiRoutes)
        {
            var covering = functionRoutes.Where(function => function.Route == route && function.Method == method).Select(function => function.Name).ToList();
            Assert.True(covering.Count == 1, $"{method} {route} is covered by {covering.Count} functions: {string.Join(", ", covering)}.");
        }

        // And every payload-mode function has its invocation route.
        var invocationRoutes = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<FunctionInvocationMetadata>() is not null)
            .Select(endpoint => endpoint.RoutePattern.RawText)
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            FunctionCatalog.All.Where(function => function.Mode == InvocationMode.Payload).Select(function => function.InvocationPath).Order(StringComparer.Ordinal),
            invocationRoutes);
    }

    private static string Normalize(string template) => template.Length > 1 ? template.TrimEnd('/') : template;
}
