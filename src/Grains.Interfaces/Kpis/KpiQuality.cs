namespace DashboardFactory.Kpis;

/// <summary>
/// How healthy a KPI's feed is: points accepted, duplicates and rejects since the KPI was created, when data
/// last arrived, and whether it is stale (nothing for longer than <c>Kpis:StaleAfter</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiQuality")]
public sealed record KpiQuality(
    [property: Id(0)] string Code,
    [property: Id(1)] long Accepted,
    [property: Id(2)] long Duplicates,
    [property: Id(3)] long Rejected,
    [property: Id(4)] DateTimeOffset? LastReceivedAt,
    [property: Id(5)] bool Stale);
