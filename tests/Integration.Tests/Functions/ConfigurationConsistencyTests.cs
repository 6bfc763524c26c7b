using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ActivityService.Core.Retention;
using ActivityService.Functions.Auth;
using ActivityService.Functions.Events;
using ActivityService.Functions.FunctionsHost;
using ActivityService.Functions.Hosting;

namespace ActivityService.Integration.Tests.Functions;

/// <summary>
/// Every setting the app reads and every connection name the function.json files use is declared in
/// <c>local.settings.sample.json</c> and, unless exempt below for a stated reason, in the Bicep app settings.
/// </summary>
public sealed partial class ConfigurationConsistencyTests
{
    /// <summary>The option classes the app binds, by section. A new section must be added here (see the source scan).</summary>
    private static readonly (string Section, Type Options)[] OptionSections =
    [
        (StorageOptions.Section, typeof(StorageOptions)),
        (AuthOptions.Section, typeof(AuthOptions)),
        (HostingOptions.Section, typeof(HostingOptions)),
        (LocalQueueOptions.Section, typeof(LocalQueueOptions)),
        (RetentionOptions.Section, typeof(RetentionOptions)),
    ];

    /// <summary>Settings the Bicep template deliberately leaves out, and why.</summary>
    private static readonly Dictionary<string, string> NotInAzure = new(StringComparer.Ordinal)
    {
        ["Storage__ConnectionString"] = "Azure uses Storage__TableServiceUri with the managed identity; the account disallows shared keys.",
        ["Storage__StrictAzureLimits"] = "A check for the emulator; in Azure the service enforces its own limits.",
        ["Auth__SigningKey"] = "Azure validates tokens against the keys of Auth__Authority; no HS256 secret is deployed.",
        ["Auth__AuthorityAlgorithms"] = "Optional: the default RS256 is what Microsoft Entra ID signs with; set it only to accept other asymmetric algorithms.",
        ["Auth__DevTokenMinutes"] = "Only the dev token endpoint reads it, and that endpoint is standalone-only.",
        ["LocalQueue__Capacity"] = "LocalQueue is the standalone stand-in for Service Bus; Azure has the real queue.",
        ["LocalQueue__MaxDeliveries"] = "Standalone-only; in Azure the queue's maxDeliveryCount (Bicep parameter) plays this part.",
        ["LocalQueue__RetryDelayMilliseconds"] = "Standalone-only (LocalQueue).",
        ["LocalQueue__Concurrency"] = "Standalone-only (LocalQueue); in Azure host.json serviceBus.maxConcurrentCalls.",
        ["LocalQueue__DeadLetterCapacity"] = "Standalone-only (LocalQueue).",
        ["Retention__IntervalMinutes"] = "Standalone-only: in Azure the Retention function's timerTrigger schedule runs the sweep.",
    };

    private static string Root => FunctionsTestKit.RepositoryRoot;

    public static TheoryData<string> AppSettings()
    {
        var data = new TheoryData<string>();
        foreach (var key in AppSettingNames())
        {
            data.Add(key);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void An_app_setting_is_in_the_local_sample(string key) =>
        Assert.True(LocalSampleKeys().Contains(key), $"local.settings.sample.json lacks {key}.");

    [Theory]
    [MemberData(nameof(AppSettings))]
    public void An_app_setting_is_in_the_bicep_app_settings_unless_exempt(string key)
    {
        if (NotInAzure.ContainsKey(key))
        {
            Assert.False(BicepSets(key), $"{key} is exempt from Azure ({NotInAzure[key]}) but infra/main.bicep sets it.");
            return;
        }

        Assert.True(BicepSets(key), $"infra/main.bicep does not set the app setting {key}.");
    }

    [Fact]
    public void Every_connection_name_of_the_function_json_files_is_configured_locally_and_in_azure()
    {
        var connections = FunctionCatalog.RenderAll().Values
            .SelectMany(text => JsonDocument.Parse(text).RootElement.GetProperty("bindings").EnumerateArray())
            .SelectMany(binding => new[] { "connection", "connectionStringSetting" }
                .Where(name => binding.TryGetProperty(name, out _))
                .Select(name => binding.GetProperty(name).GetString()!))
            .Append("AzureWebJobsStorage") // the host's own storage connection
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["AzureSignalRConnectionString", "AzureWebJobsStorage", "ServiceBusConnection"], connections.Order(StringComparer.Ordinal));

        var local = LocalSampleKeys();
        foreach (var connection in connections)
        {
            Assert.True(
                local.Contains(connection) || local.Any(key => key.StartsWith(connection + "__", StringComparison.Ordinal)),
                $"local.settings.sample.json does not configure the connection {connection}.");

            // In Azure every connection is identity-based with the user-assigned identity.
            var serviceSetting = connection switch
            {
                "AzureWebJobsStorage" => "__accountName",
                "ServiceBusConnection" => "__fullyQualifiedNamespace",
                _ => "__serviceUri",
            };
            foreach (var suffix in new[] { serviceSetting, "__credential", "__clientId" })
            {
                Assert.True(BicepSets(connection + suffix), $"infra/main.bicep does not set {connection}{suffix}.");
            }

            Assert.False(BicepSets(connection), $"infra/main.bicep must not set a connection string for {connection}.");
        }
    }

    [Fact]
    public void The_bicep_app_settings_suit_flex_consumption_and_the_custom_handler()
    {
        // Flex Consumption takes the runtime from functionAppConfig and rejects these as app settings.
        Assert.False(BicepSets("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(BicepSets("FUNCTIONS_EXTENSION_VERSION"));
        Assert.False(BicepSets("WEBSITE_RUN_FROM_PACKAGE"));
        var template = ArmTemplate.Main;
        var site = template.Resource("Microsoft.Web/sites");
        Assert.Equal("custom", (string?)site["properties"]?["functionAppConfig"]?["runtime"]?["name"]);
        Assert.Equal("Functions", (string?)template.AppSettings["Hosting__Mode"]);
        Assert.False((bool?)template.Resource("Microsoft.Storage/storageAccounts")["properties"]?["allowSharedKeyAccess"]);
        Assert.True((bool?)template.Resource("Microsoft.ServiceBus/namespaces/queues")["properties"]?["requiresDuplicateDetection"]);
        var features = template.Resource("Microsoft.SignalRService/signalR")["properties"]!["features"]!.AsArray();
        Assert.Contains(features, feature => (string?)feature!["flag"] == "ServiceMode" && (string?)feature["value"] == "Serverless");
        Assert.Equal(FunctionCatalog.EventQueueName, (string?)template.Variable("eventQueueName"));

        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")));
        var declared = template.ParameterNames.ToHashSet(StringComparer.Ordinal);
        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(declared.Contains(parameter.Name), $"main.parameters.json sets {parameter.Name}, which main.bicep does not declare.");
        }
    }

    [Fact]
    public void The_local_sample_runs_the_custom_handler_in_functions_mode()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");
        Assert.Equal("custom", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        Assert.Equal("Functions", values.GetProperty("Hosting__Mode").GetString());
    }

    [Fact]
    public void The_app_binds_no_configuration_section_this_test_does_not_know()
    {
        var known = OptionSections.Select(section => section.Options.Name).ToHashSet(StringComparer.Ordinal);
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var path in sources)
        {
            foreach (Match match in SectionUse().Matches(File.ReadAllText(path)))
            {
                Assert.True(known.Contains(match.Groups["type"].Value), $"{path} binds {match.Groups["type"].Value}.Section; add it to {nameof(OptionSections)}.");
            }
        }
    }

    /// <summary><c>Section__Property</c> for every bindable property of every options class.</summary>
    private static IEnumerable<string> AppSettingNames() =>
        OptionSections.SelectMany(section => section.Options
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanWrite && property.GetSetMethod() is not null)
            .Select(property => section.Section + "__" + property.Name))
            .Order(StringComparer.Ordinal);

    private static HashSet<string> LocalSampleKeys()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(property => property.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Whether the compiled template's app settings assign <paramref name="key"/>.</summary>
    private static bool BicepSets(string key) => ArmTemplate.Main.AppSettings.ContainsKey(key);

    [GeneratedRegex(@"(?:BindConfiguration|GetSection)\(\s*(?<type>\w+)\.Section\s*\)")]
    private static partial Regex SectionUse();
}
