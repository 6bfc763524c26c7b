using Azure.Core;

namespace ActivityService.Core.Storage.Tables;

/// <summary>Pipeline options (retries, diagnostics, transport) for <see cref="TableClient"/>.</summary>
public sealed class TableClientOptions : ClientOptions
{
    public const string ServiceVersion = "2020-12-06";

    public TableClientOptions()
    {
        // Storage asks clients to back off on 500/503; a short exponential schedule rides out blips
        // without holding a request for long.
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromMilliseconds(200);
        Retry.MaxDelay = TimeSpan.FromSeconds(2);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
