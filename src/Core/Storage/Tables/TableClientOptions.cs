using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Core.Storage.Tables;

/// <summary>
/// Pipeline options (retries, diagnostics, transport, added policies) for <see cref="TableClient"/>: the
/// SDK's own options, with the retry schedule this service uses and the strict-Azure switch.
/// </summary>
public sealed class TableClientOptions : Azure.Data.Tables.TableClientOptions
{
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

    /// <summary>
    /// Refuse, before sending, every request Azure Table Storage would refuse but the emulator accepts
    /// (see <see cref="AzureTableLimits"/>). On in every test; off by default, because in Azure the
    /// service itself enforces the limits.
    /// </summary>
    public bool StrictAzureLimits { get; set; }

    private bool _pipelineReady;

    /// <summary>
    /// Adds this service's policies once, however many clients share these options: request counting
    /// on every attempt, the strict-Azure check (when on) before anything is sent, and the retry policy
    /// that never repeats an insert or a transaction.
    /// </summary>
    internal void PreparePipeline()
    {
        if (_pipelineReady)
        {
            return;
        }

        _pipelineReady = true;
        RetryPolicy = new IdempotentRetryPolicy(Retry);
        AddPolicy(new RequestCountingPolicy(), HttpPipelinePosition.PerRetry);
        if (StrictAzureLimits)
        {
            AddPolicy(new StrictAzureRequestPolicy(), HttpPipelinePosition.PerCall);
        }
    }
}
