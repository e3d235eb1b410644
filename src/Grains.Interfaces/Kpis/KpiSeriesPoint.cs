namespace DashboardFactory.Kpis;

/// <summary>One bucket of a KPI's history: what <c>GET /api/kpis/{code}/series</c> lists.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiSeriesPoint")]
public sealed record KpiSeriesPoint(
    [property: Id(0)] DateTimeOffset BucketStart,
    [property: Id(1)] double Avg,
    [property: Id(2)] double Min,
    [property: Id(3)] double Max,
    [property: Id(4)] long Count);
