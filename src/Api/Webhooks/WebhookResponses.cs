using DashboardFactory.Kpis;
using DashboardFactory.Webhooks;

namespace DashboardFactory.Api.Webhooks;

public sealed record WebhookResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Kpis,
    string? Period,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt)
{
    public static WebhookResponse From(WebhookView view) => new(
        view.Id, view.Url, view.Events, view.Kpis, view.Period?.ToWire(), view.Enabled, view.DisabledReason, view.CreatedAt, view.DisabledAt);
}

/// <summary>The answer to a creation: the only answer that carries the secret.</summary>
public sealed record CreatedWebhookResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    IReadOnlyList<string> Kpis,
    string? Period,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string Secret)
{
    public static CreatedWebhookResponse From(WebhookCreated created) => new(
        created.Webhook.Id, created.Webhook.Url, created.Webhook.Events, created.Webhook.Kpis, created.Webhook.Period?.ToWire(),
        created.Webhook.Enabled, created.Webhook.CreatedAt, created.Secret);
}

public sealed record RotatedSecretResponse(string Secret, DateTimeOffset PreviousValidUntil);

public sealed record TestEventResponse(string EventId);

public sealed record DeliveryResponse(
    string EventId,
    string Type,
    int Attempt,
    string Status,
    int? ResponseStatus,
    DateTimeOffset At,
    DateTimeOffset? NextAttemptAt,
    string? Error,
    string? ResponseBody)
{
    public static DeliveryResponse From(WebhookDeliveryView line) => new(
        line.EventId, line.Type, line.Attempt, line.Status.ToString().ToLowerInvariant(), line.ResponseStatus, line.At, line.NextAttemptAt, line.Error, line.ResponseBody);
}
