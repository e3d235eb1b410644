namespace DashboardFactory.Webhooks;

/// <summary>
/// One per cluster (key "default"): the list of webhooks and what they subscribe to. Silos keep a cached copy
/// (observers) so "does anybody want cockpit.updated?" costs a memory lookup; the registry pushes every change to
/// them before a create or delete returns.
/// </summary>
[Alias("DashboardFactory.Webhooks.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(WebhookView webhook);

    [Alias("Get")]
    Task<WebhookSubscriptionSet> GetAsync();

    /// <summary>Registers (or renews) an observer for changes and answers the current set. Observers that stop renewing are dropped.</summary>
    [Alias("Subscribe")]
    Task<WebhookSubscriptionSet> SubscribeAsync(IWebhookSubscriptionObserver observer);
}
