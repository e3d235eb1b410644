namespace DashboardFactory.Webhooks;

/// <summary>Every webhook the registry knows, enabled or not, with a version that grows with each change.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Webhooks.WebhookSubscriptionSet")]
public sealed record WebhookSubscriptionSet(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<WebhookView> Webhooks);
