using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ActivityService.Benchmarks;

/// <summary>
/// The raw replay's own request signing (the product signs through Azure.Data.Tables).
/// Signs each request with the Table service's SharedKeyLite scheme:
/// HMAC-SHA256 over <c>x-ms-date + "\n" + "/" + account + path</c> (plus <c>?comp=</c> when present).
/// Runs per retry so every attempt carries a fresh date.
/// </summary>
internal sealed class SharedKeyLitePolicy(string accountName, byte[] accountKey) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);

        var uri = message.Request.Uri.ToUri();
        var resource = "/" + accountName + uri.AbsolutePath;
        var comp = System.Web.HttpUtility.ParseQueryString(uri.Query)["comp"];
        if (comp is not null)
        {
            resource += "?comp=" + comp;
        }

        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(date + "\n" + resource)));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {accountName}:{signature}");
    }
}
