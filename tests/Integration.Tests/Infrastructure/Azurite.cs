using System.Globalization;
using System.Text.RegularExpressions;
using ActivityService.Core.Storage.Tables;

namespace ActivityService.Integration.Tests.Infrastructure;

/// <summary>
/// The Azurite instance the test run talks to. ./test.sh starts one on a free port and exports its
/// connection string; without it the tests fail loudly rather than skip.
/// </summary>
public static partial class Azurite
{
    public const string ConnectionStringVariable = "ACTIVITY_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set. Run the tests through ./test.sh, which starts Azurite and sets it.");

    /// <summary>The port Azurite's table endpoint listens on, for a proxy in front of it.</summary>
    public static int Port => int.Parse(TableEndpointPort().Match(ConnectionString).Groups["port"].Value, CultureInfo.InvariantCulture);

    /// <summary>The connection string with its table endpoint moved to another loopback port (a proxy's).</summary>
    public static string ConnectionStringOnPort(int port) =>
        TableEndpointPort().Replace(ConnectionString, "${prefix}" + port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Client options for tests: the strict Azure limits are always on, so the emulator refuses what Azure would.</summary>
    public static TableClientOptions Options() => new() { StrictAzureLimits = true };

    /// <summary>A client for an existing table, with the strict Azure limits on.</summary>
    public static TableClient Client(string tableName, TableClientOptions? options = null) =>
        TableClient.FromConnectionString(ConnectionString, tableName, Strict(options));

    /// <summary>A fresh, uniquely named table, so tests never see each other's rows.</summary>
    public static async Task<TableClient> CreateTableAsync(string prefix = "t", TableClientOptions? options = null)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..20];
        var client = Client(name, options);
        await client.CreateIfNotExistsAsync();
        return client;
    }

    private static TableClientOptions Strict(TableClientOptions? options)
    {
        options ??= Options();
        options.StrictAzureLimits = true;
        return options;
    }

    [GeneratedRegex(@"(?<prefix>TableEndpoint=https?://[^:/;]+:)(?<port>\d+)")]
    private static partial Regex TableEndpointPort();
}
