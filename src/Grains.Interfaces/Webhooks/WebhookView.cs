using DashboardFactory.Kpis;

namespace DashboardFactory.Webhooks;

/// <summary>A webhook as the API shows it: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Webhooks.WebhookView")]
public sealed record WebhookView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Url,
    [property: Id(2)] IReadOnlyList<string> Events,
    [property: Id(3)] IReadOnlyList<string> Kpis,
    [property: Id(4)] KpiPeriod? Period,
    [property: Id(5)] bool Enabled,
    [property: Id(6)] string? DisabledReason,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset? DisabledAt);
