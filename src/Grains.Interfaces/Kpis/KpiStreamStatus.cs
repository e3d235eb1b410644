namespace DashboardFactory.Kpis;

/// <summary>What a KPI stream grain holds now: subscribers over all live leases, how many nodes hold one, and whether it publishes.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiStreamStatus")]
public sealed record KpiStreamStatus(
    [property: Id(0)] int Subscribers,
    [property: Id(1)] int Nodes,
    [property: Id(2)] bool Publishing);
