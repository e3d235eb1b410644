namespace DashboardFactory.Kpis;

/// <summary>
/// A KPI's aggregate over one bucket (<see cref="BucketStart"/> .. + period). This is what
/// <c>GET /api/kpis/{code}?period=</c> returns and what the hub pushes as "kpiValue".
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiValue")]
public sealed record KpiValue(
    [property: Id(0)] string Code,
    [property: Id(1)] KpiPeriod Period,
    [property: Id(2)] DateTimeOffset BucketStart,
    [property: Id(3)] double Avg,
    [property: Id(4)] double Min,
    [property: Id(5)] double Max,
    [property: Id(6)] long Count,
    [property: Id(7)] double Sum,
    [property: Id(8)] double Last,
    [property: Id(9)] DateTimeOffset UpdatedAt,
    [property: Id(10)] bool Stale);
