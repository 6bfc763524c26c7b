using System.Text.Json;
using ActivityService.Core.Storage;
using ActivityService.Core.Storage.Tables;
using ActivityService.Functions.Hosting;
using Azure.Identity;

namespace ActivityService.Functions.Operations;

/// <summary>
/// <c>ActivityService.Functions footprint {companyId} [--Storage:...]</c>: prints the tenant's rows by kind as
/// JSON, reading the same storage settings as the app (environment variables, then arguments).
/// </summary>
public static class FootprintCommand
{
    public const string Verb = "footprint";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            await error.WriteLineAsync("usage: ActivityService.Functions footprint <companyId> [--Storage:ConnectionString=...] [--Storage:TableName=...]").ConfigureAwait(false);
            return 2;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args[2..]).Build();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var table = storage.ConnectionString is { Length: > 0 } connectionString
            ? TableClient.FromConnectionString(connectionString, storage.TableName)
            : storage.TableServiceUri is { } uri
                ? TableClient.FromTokenCredential(uri, storage.TableName, new DefaultAzureCredential())
                : null;
        if (table is null)
        {
            await error.WriteLineAsync("Set Storage__ConnectionString or Storage__TableServiceUri.").ConfigureAwait(false);
            return 2;
        }

        var footprint = await TenantFootprint.CountAsync(table, args[1], cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(JsonSerializer.Serialize(new { companyId = footprint.CompanyId, total = footprint.Total, rows = footprint.Rows }, Indented)).ConfigureAwait(false);
        return 0;
    }
}
