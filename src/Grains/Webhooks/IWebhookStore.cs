namespace DashboardFactory.Webhooks;

/// <summary>Each webhook's queue of deliveries and its delivery log (webhook_deliveries, webhook_delivery_log).</summary>
public interface IWebhookStore
{
    /// <summary>Queues deliveries; one already queued for the same (webhook, event) is left as it is, so dispatching twice is harmless.</summary>
    Task AddAsync(IReadOnlyList<WebhookDelivery> deliveries);

    /// <summary>Pending deliveries of a webhook whose next attempt is due, soonest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> DueAsync(string webhookId, DateTimeOffset now, int limit);

    /// <summary>When the webhook's next pending attempt is due; null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(string webhookId);

    /// <summary>Logs attempts and moves their still-pending deliveries on (delivered, retry at a time, or abandoned); one abandoned meanwhile stays so.</summary>
    Task RecordAsync(IReadOnlyList<WebhookAttempt> attempts);

    /// <summary>Abandons every pending delivery of a webhook (it was disabled), logging why.</summary>
    Task AbandonPendingAsync(string webhookId, string reason, DateTimeOffset at);

    /// <summary>The log (attempts made, and the next attempt of what is pending), newest first.</summary>
    Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(string webhookId, int limit);

    /// <summary>Removes log lines and finished deliveries older than <paramref name="before"/>; returns rows removed.</summary>
    Task<long> TrimAsync(DateTimeOffset before);
}
