using DashboardFactory.Api.RealTime;
using DashboardFactory.Api.Watching;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// The node's watch counts, and its leases on the cockpits' updates, follow its local connections, whatever order
/// they join, leave and drop in, while its alert partition stream subscriptions stay fixed. A host of its own, so the relay's counts belong to these
/// tests alone (they run one after the other and each ends with none).
/// </summary>
public sealed class SubscriptionLifetimeTests(SubscriptionLifetimeTests.Host api) : IClassFixture<SubscriptionLifetimeTests.Host>
{
    private CockpitEventRelay Relay => api.Service<CockpitEventRelay>();

    private CockpitUpdateFeed Feed => api.Service<CockpitUpdateFeed>();

    [Fact]
    public async Task ADroppedConnectionReleasesItsWatch()
    {
        var (id, token) = await api.NewCockpitAsync();
        var first = await CockpitHubProbe.ConnectAsync(api, token);
        var second = await CockpitHubProbe.ConnectAsync(api, token);
        await first.JoinAsync(id);
        await second.JoinAsync(id);
        Relay.WatchedCockpits.Should().Be(1, "two watchers of cockpit {0} share one watch of this node", id);
        Feed.WatchedCockpits.Should().Be(1, "the node holds one lease on cockpit {0}", id);
        Relay.StreamSubscriptions.Should().Be(CockpitStreams.Partitions, "the node takes every alert partition once");

        await first.DisposeAsync();
        await api.RenameAsync(id, "One watcher left");
        await second.WaitForUpdateAsync(id);
        Relay.WatchedCockpits.Should().Be(1, "cockpit {0} still has a watcher", id);

        await second.Connection.StopAsync();
        var remaining = await Eventually.Async(() => Task.FromResult(Relay.WatchedCockpits), n => n == 0, TimeSpan.FromSeconds(10));
        remaining.Should().Be(0, "the last watcher of cockpit {0} dropped", id);
        (await Eventually.Async(() => Task.FromResult(Feed.WatchedCockpits), n => n == 0, TimeSpan.FromSeconds(10)))
            .Should().Be(0, "the node gave its lease on cockpit {0} back", id);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task ConnectionsJoiningAndLeavingAtOnceLeaveNoWatchBehind()
    {
        var cockpits = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            cockpits.Add((await api.NewCockpitAsync()).Id);
        }

        // Three owners' cockpits: only admins may watch them all.
        var probes = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => CockpitHubProbe.ConnectAsync(api, ApiFactory.AdminToken)));
        await Task.WhenAll(probes.SelectMany(p => cockpits.Select(p.JoinAsync)));
        Relay.WatchedCockpits.Should().Be(3, "one watch per watched cockpit, however many watchers");
        Feed.WatchedCockpits.Should().Be(3, "one lease per watched cockpit, however many watchers");

        // Half leave each cockpit explicitly, half just drop; all at once.
        await Task.WhenAll(probes.Select((p, i) => i % 2 == 0
            ? Task.WhenAll(cockpits.Select(p.LeaveAsync))
            : p.Connection.StopAsync()));
        var remaining = await Eventually.Async(() => Task.FromResult(Relay.WatchedCockpits), n => n == 0, TimeSpan.FromSeconds(10));

        remaining.Should().Be(0, "no cockpit has a watcher left");
        (await Eventually.Async(() => Task.FromResult(Feed.WatchedCockpits), n => n == 0, TimeSpan.FromSeconds(10)))
            .Should().Be(0, "every lease was given back");
        Relay.StreamSubscriptions.Should().Be(CockpitStreams.Partitions, "alert partition subscriptions do not follow watchers");
        await Task.WhenAll(probes.Select(p => p.DisposeAsync().AsTask()));
    }

    public sealed class Host : ApiFactory;
}
