namespace DashboardFactory.Webhooks;

/// <summary>The answer to a creation: the only time the secret leaves the grain in clear.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Webhooks.WebhookCreated")]
public sealed record WebhookCreated(
    [property: Id(0)] WebhookView Webhook,
    [property: Id(1)] string Secret);
