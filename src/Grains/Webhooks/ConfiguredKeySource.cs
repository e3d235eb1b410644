using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Webhooks:SecretKey when set; otherwise the fallback (a key per process in the embedded mode, the database's
/// generated key in cluster mode).
/// </summary>
public sealed class ConfiguredKeySource(IOptions<WebhookOptions> options, Func<ValueTask<byte[]>> fallback) : IWebhookKeySource
{
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);

    public ValueTask<byte[]> GetKeyAsync() =>
        string.IsNullOrEmpty(options.Value.SecretKey) ? fallback() : ValueTask.FromResult(Convert.FromBase64String(options.Value.SecretKey));

    /// <summary>The embedded mode's fallback: its webhooks live in this process's memory, and so does their key.</summary>
    public static ValueTask<byte[]> PerProcess() => ValueTask.FromResult(ProcessKey);
}
