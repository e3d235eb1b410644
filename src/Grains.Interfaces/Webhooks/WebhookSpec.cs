using DashboardFactory.Kpis;

namespace DashboardFactory.Webhooks;

/// <summary>What an admin asks for when creating a webhook; checked again by the grain (URL and its addresses).</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Webhooks.WebhookSpec")]
public sealed record WebhookSpec(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Events,
    [property: Id(2)] IReadOnlyList<string> Kpis,
    [property: Id(3)] KpiPeriod? Period,
    [property: Id(4)] string CreatedBy);
