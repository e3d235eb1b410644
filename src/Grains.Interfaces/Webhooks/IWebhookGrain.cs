using Orleans.Concurrency;

namespace DashboardFactory.Webhooks;

/// <summary>
/// One webhook (key: its id, "wh_..."): its definition and secrets, and the only sender of its deliveries, so two
/// silos never make the same attempt at once.
/// </summary>
[Alias("DashboardFactory.Webhooks.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Checks the URL (scheme, and every address its host resolves to), then stores the webhook with a new secret.</summary>
    [Alias("Create")]
    Task<WebhookCreated> CreateAsync(WebhookSpec spec);

    [Alias("Get")]
    Task<WebhookView?> GetAsync();

    /// <summary>Disables the webhook for good ("deleted"); what it had not delivered yet is abandoned. Kept for its log.</summary>
    [Alias("Delete")]
    Task<WebhookView> DeleteAsync(string actor);

    [Alias("Rotate")]
    Task<WebhookSecretRotated> RotateAsync(string actor);

    /// <summary>Queues a "webhook.test" event for this webhook alone; returns its event id.</summary>
    [Alias("SendTest")]
    Task<string> SendTestAsync(string actor);

    /// <summary>Newest first.</summary>
    [Alias("Deliveries")]
    Task<IReadOnlyList<WebhookDeliveryView>> DeliveriesAsync(int limit);

    /// <summary>New deliveries were queued for this webhook: look now instead of at the next scheduled check.</summary>
    [Alias("Wake"), OneWay]
    Task WakeAsync();
}
