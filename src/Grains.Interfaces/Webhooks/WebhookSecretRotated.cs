namespace DashboardFactory.Webhooks;

/// <summary>The new secret, shown once; the previous one keeps signing (as a second signature) until <see cref="PreviousValidUntil"/>.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Webhooks.WebhookSecretRotated")]
public sealed record WebhookSecretRotated(
    [property: Id(0)] string Secret,
    [property: Id(1)] DateTimeOffset PreviousValidUntil);
