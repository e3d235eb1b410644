using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.Watching;

/// <summary>
/// A consumer of the node's cockpit updates (the hub relay, the SSE relay). Called on the receiving thread for every
/// update of a cockpit the node watches; must not block (forward asynchronously, never throw).
/// </summary>
public interface ICockpitUpdateSink
{
    void Deliver(CockpitUpdated update);
}
