namespace DashboardFactory.Kpis;

/// <summary>
/// The live feed of one KPI for one period (key: "{code}:{period}", e.g. "perfect_order:minute"). While at least
/// one API node holds a live lease it watches the KPI grain, which pushes each change of a live bucket, and
/// publishes them on the <see cref="StreamNamespaces.KpiValues"/> stream of the same key (coalesced within
/// <c>KpiStreams:Coalesce</c>); with none it stops watching and deactivates. Leases live in memory only: nodes renew
/// them every ttl/3 with their full count.
/// </summary>
[Alias("DashboardFactory.Kpis.IKpiStreamGrain")]
public interface IKpiStreamGrain : IGrainWithStringKey
{
    /// <summary>Takes, renews or (with zero subscribers) releases a node's lease.</summary>
    [Alias("RenewLease")]
    Task<KpiStreamStatus> RenewLeaseAsync(KpiLease lease);

    /// <summary>
    /// From the KPI grain: the buckets one change touched, oldest first. False when nobody watches (any more): the
    /// KPI grain then stops pushing.
    /// </summary>
    [Alias("Push")]
    Task<bool> PushAsync(IReadOnlyList<KpiValue> values);

    [Alias("GetStatus")]
    Task<KpiStreamStatus> GetStatusAsync();

    /// <summary>
    /// The buffered events after <paramref name="afterId"/>, or with null the current value alone; the answer ends
    /// with the value as it is now (a change still held for a trailing push follows live). Empty when the KPI has no data.
    /// </summary>
    [Alias("Replay")]
    Task<KpiReplay> ReplayAsync(long? afterId);
}
