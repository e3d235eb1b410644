using Orleans.Concurrency;

namespace DashboardFactory.Kpis;

/// <summary>
/// An API node's receiver of live KPI values. A node hands it to the stream grains with its leases
/// (<see cref="KpiLease.Observer"/>), and a stream grain calls it once per event and node: one one-way message
/// straight to the node, instead of a trip through a stream queue and its pulling agent (which wait up to
/// <c>KpiStreams:StreamPollInterval</c> on an empty queue). Every renewal hands it again, so a grain that lost its
/// memory has it back within ttl/3.
/// </summary>
[Alias("DashboardFactory.Kpis.IKpiObserver")]
public interface IKpiObserver : IGrainObserver
{
    /// <summary>An event of the feed <paramref name="key"/> ("{code}:{period}"). Delivery is not guaranteed to be in order: ids tell.</summary>
    [OneWay, Alias("OnKpiValue")]
    Task OnKpiValueAsync(string key, KpiStreamEvent e);
}
