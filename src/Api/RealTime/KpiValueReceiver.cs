using DashboardFactory.Kpis;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// The node's <see cref="IKpiObserver"/>: what the KPI stream grains call with each event of a feed this node leases.
/// A separate object so <see cref="KpiRelay"/>'s public surface stays its own; the relay keeps it referenced, as
/// Orleans holds observers only weakly.
/// </summary>
internal sealed class KpiValueReceiver(KpiRelay relay) : IKpiObserver
{
    public Task OnKpiValueAsync(string key, KpiStreamEvent e) => relay.ReceiveAsync(key, e);
}
