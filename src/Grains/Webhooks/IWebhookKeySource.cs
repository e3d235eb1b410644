namespace DashboardFactory.Webhooks;

/// <summary>The 32-byte key webhook secrets are encrypted with; every silo of a cluster must get the same one.</summary>
public interface IWebhookKeySource
{
    ValueTask<byte[]> GetKeyAsync();
}
