namespace DashboardFactory.Kpis;

/// <summary>
/// An API node's claim on a KPI stream: how many of its local clients watch it, valid for <see cref="Ttl"/>
/// unless renewed. Every renewal carries the whole count (not a delta), so a stream grain that lost its memory
/// (a silo restart) is whole again after one renewal from each node. Zero subscribers releases the lease.
/// A lease with an <see cref="Observer"/> gets the feed's events through it; one without gets them on the
/// "kpi-values" Orleans stream of the same key.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiLease")]
public sealed record KpiLease(
    [property: Id(0)] string NodeId,
    [property: Id(1)] int Subscribers,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] IKpiObserver? Observer = null);
