namespace ActivityService.Functions.Api;

/// <summary>Serves the hand-maintained OpenAPI document (embedded <c>openapi.json</c>) at <c>/api/openapi.json</c>.</summary>
public static class OpenApiEndpoint
{
    public const string ResourceName = "ActivityService.Functions.openapi.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/openapi.json", () => TypedResults.Bytes(Document.Value, "application/json")).AllowAnonymous();
        return app;
    }
}
