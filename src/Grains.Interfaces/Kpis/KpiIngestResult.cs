namespace DashboardFactory.Kpis;

/// <summary>What happened to a batch of points: <c>{accepted, duplicates, rejected}</c> plus why each reject was refused.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiIngestResult")]
public sealed record KpiIngestResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] int Rejected,
    [property: Id(3)] IReadOnlyList<KpiRejection> Rejections);

/// <summary>A refused point: its position in the batch, its id if it had one, and the reason.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiRejection")]
public sealed record KpiRejection(
    [property: Id(0)] int Index,
    [property: Id(1)] string? PointId,
    [property: Id(2)] string Reason);
