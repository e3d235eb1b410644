using DashboardFactory.Alerts;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// A watcher of one cockpit on this node that is not a hub connection (SSE streams, GraphQL subscriptions): handed
/// the cockpit's events by <see cref="CockpitEventRelay"/>, on the relay's delivery path, so it must not block.
/// </summary>
public interface ICockpitEventListener
{
    void OnUpdated(CockpitUpdated update);

    void OnAlert(AlertEvent alert);
}
