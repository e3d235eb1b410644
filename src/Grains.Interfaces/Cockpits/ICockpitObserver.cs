using Orleans.Concurrency;

namespace DashboardFactory.Cockpits;

/// <summary>
/// An API node's receiver of cockpit updates. A node hands it to each cockpit its clients watch
/// (<see cref="CockpitWatch.Observer"/>), and the cockpit calls it once per saved change: one one-way message straight
/// to the node, and none at all for a cockpit nobody watches (a rollout to 10,000 cockpits with 200 watched sends
/// 200 messages, not 10,000 stream events every node must receive and drop).
/// </summary>
[Alias("DashboardFactory.Cockpits.ICockpitObserver")]
public interface ICockpitObserver : IGrainObserver
{
    [OneWay, Alias("OnCockpitUpdated")]
    Task OnCockpitUpdatedAsync(CockpitUpdated update);
}
