using DashboardFactory.Cockpits;
using DashboardFactory.Telemetry;

namespace DashboardFactory.Api.Watching;

/// <summary>The object behind this node's <see cref="ICockpitObserver"/> reference: hands each update to the feed.</summary>
internal sealed class CockpitUpdateReceiver(CockpitUpdateFeed feed) : ICockpitObserver
{
    public Task OnCockpitUpdatedAsync(CockpitUpdated update)
    {
        feed.Receive(update, FactoryMetrics.ObserverPath);
        return Task.CompletedTask;
    }
}
