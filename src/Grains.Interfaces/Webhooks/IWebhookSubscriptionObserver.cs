namespace DashboardFactory.Webhooks;

/// <summary>A silo's cached copy of the webhook registry, told of every change.</summary>
[Alias("DashboardFactory.Webhooks.IWebhookSubscriptionObserver")]
public interface IWebhookSubscriptionObserver : IGrainObserver
{
    [Alias("Changed")]
    Task ChangedAsync(WebhookSubscriptionSet set);
}
