namespace DashboardFactory.Kpis;

/// <summary>
/// The live feed of one KPI for one period (key: "{code}:{period}", e.g. "perfect_order:minute"). While at least
/// one API node holds a live lease it polls the KPI grain and publishes each change on the
/// <see cref="StreamNamespaces.KpiValues"/> stream of the same key; with none it stops and deactivates.
/// Leases live in memory only: nodes renew them every ttl/3 with their full count.
/// </summary>
[Alias("DashboardFactory.Kpis.IKpiStreamGrain")]
public interface IKpiStreamGrain : IGrainWithStringKey
{
    /// <summary>Takes, renews or (with zero subscribers) releases a node's lease.</summary>
    [Alias("RenewLease")]
    Task<KpiStreamStatus> RenewLeaseAsync(KpiLease lease);

    [Alias("GetStatus")]
    Task<KpiStreamStatus> GetStatusAsync();

    /// <summary>
    /// The buffered events after <paramref name="afterId"/>, or with null the current value alone; the grain
    /// polls the KPI first, so the answer ends with the value as it is now. Empty when the KPI has no data.
    /// </summary>
    [Alias("Replay")]
    Task<KpiReplay> ReplayAsync(long? afterId);
}
