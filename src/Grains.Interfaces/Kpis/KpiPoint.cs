namespace DashboardFactory.Kpis;

/// <summary>
/// One measurement as the API accepted it for ingestion: a finite value at a time. <see cref="Id"/> is the
/// sender's idempotency key; a point whose id the KPI has seen before is a duplicate and changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiPoint")]
public sealed record KpiPoint(
    [property: Id(0)] string? Id,
    [property: Id(1)] DateTimeOffset Ts,
    [property: Id(2)] double Value);
