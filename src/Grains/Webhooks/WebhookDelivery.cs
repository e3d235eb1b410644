namespace DashboardFactory.Webhooks;

/// <summary>
/// One event queued for one webhook: the body is fixed when it is queued, so every attempt sends the same bytes
/// under the same webhook-id (only webhook-timestamp and the signature change).
/// </summary>
public sealed record WebhookDelivery(
    string WebhookId,
    string EventId,
    string Type,
    string Body,
    DateTimeOffset QueuedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt);
