namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// The parts of a storage connection string the table client needs: the table endpoint and,
/// for shared-key auth, the account name and key. <c>UseDevelopmentStorage=true</c> means Azurite.
/// </summary>
public sealed record TableConnectionString(Uri TableEndpoint, string AccountName, byte[] AccountKey)
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key; not a secret.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static TableConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = connectionString
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            return new TableConnectionString(
                new Uri($"http://127.0.0.1:10002/{DevelopmentAccountName}"),
                DevelopmentAccountName,
                Convert.FromBase64String(DevelopmentAccountKey));
        }

        var account = Required(parts, "AccountName");
        var key = Convert.FromBase64String(Required(parts, "AccountKey"));
        if (parts.TryGetValue("TableEndpoint", out var endpoint))
        {
            return new TableConnectionString(new Uri(endpoint.TrimEnd('/')), account, key);
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new TableConnectionString(new Uri($"{protocol}://{account}.table.{suffix}"), account, key);
    }

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string has no {name}.");
}
