using System.Text.Json.Nodes;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// The ARM template compiled from <c>infra/main.bicep</c>. <c>./test.sh</c> compiles and lints the Bicep
/// (with <c>scripts/bicep.sh</c>) into <see cref="RelativePath"/> before the tests run, so the tests
/// check what Azure would receive rather than the Bicep text.
/// </summary>
internal sealed class ArmTemplate
{
    public const string RelativePath = "artifacts/infra/main.json";

    private static readonly Lazy<ArmTemplate> Compiled = new(Load);

    private ArmTemplate(JsonObject root) => Root = root;

    public static ArmTemplate Main => Compiled.Value;

    public JsonObject Root { get; }

    public IEnumerable<string> ParameterNames => Root["parameters"]!.AsObject().Select(parameter => parameter.Key);

    public JsonNode? Variable(string name) => Root["variables"]?[name];

    /// <summary>The one resource of <paramref name="type"/>; fails when there is none or more than one.</summary>
    public JsonObject Resource(string type) => Assert.Single(Resources(type));

    public IEnumerable<JsonObject> Resources(string type) =>
        Root["resources"]!.AsArray()
            .Select(resource => resource!.AsObject())
            .Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The function app's app settings (the <c>Microsoft.Web/sites/config</c> resource named appsettings).</summary>
    public JsonObject AppSettings =>
        Resources("Microsoft.Web/sites/config")
            .Single(resource => ((string?)resource["name"] ?? "").Contains("'appsettings'", StringComparison.Ordinal))["properties"]!
            .AsObject();

    private static ArmTemplate Load()
    {
        var path = Path.Combine(FunctionsTestKit.RepositoryRoot, RelativePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{RelativePath} is missing: ./test.sh compiles infra/main.bicep there before the tests run " +
                $"(or run: scripts/bicep.sh build infra/main.bicep --outfile {RelativePath}).",
                path);
        }

        return new ArmTemplate(JsonNode.Parse(File.ReadAllText(path))!.AsObject());
    }
}
