namespace DashboardFactory.Kpis;

/// <summary>A bucket's figures as the store reads and writes them.</summary>
public sealed record KpiBucketRow(
    string Code,
    KpiPeriod Period,
    DateTimeOffset Start,
    long Count,
    double Sum,
    double Min,
    double Max,
    double Last,
    DateTimeOffset LastTs);
