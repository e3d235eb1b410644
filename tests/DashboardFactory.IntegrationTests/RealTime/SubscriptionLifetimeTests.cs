using DashboardFactory.Api.RealTime;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// The node's cockpit stream subscriptions follow its local watchers. A host of its own, so the relay's
/// count belongs to these tests alone (they run one after the other and each ends with none).
/// </summary>
public sealed class SubscriptionLifetimeTests(SubscriptionLifetimeTests.Host api) : IClassFixture<SubscriptionLifetimeTests.Host>
{
    private CockpitEventRelay Relay => api.Service<CockpitEventRelay>();

    [Fact]
    public async Task ADroppedConnectionReleasesTheNodesStreamSubscription()
    {
        var (id, token) = await api.NewCockpitAsync();
        var first = await CockpitHubProbe.ConnectAsync(api, token);
        var second = await CockpitHubProbe.ConnectAsync(api, token);
        await first.JoinAsync(id);
        await second.JoinAsync(id);
        Relay.ActiveSubscriptions.Should().Be(1, "two watchers of cockpit {0} share one subscription of this node", id);

        await first.DisposeAsync();
        await api.RenameAsync(id, "One watcher left");
        await second.WaitForUpdateAsync(id);
        Relay.ActiveSubscriptions.Should().Be(1, "cockpit {0} still has a watcher", id);

        await second.Connection.StopAsync();
        var remaining = await Eventually.Async(() => Task.FromResult(Relay.ActiveSubscriptions), n => n == 0, TimeSpan.FromSeconds(10));
        remaining.Should().Be(0, "the last watcher of cockpit {0} dropped", id);
        await second.DisposeAsync();
    }

    [Fact]
    public async Task ConnectionsJoiningAndLeavingAtOnceLeaveNoSubscriptionBehind()
    {
        var cockpits = new List<string>();
        string token = null!;
        for (var i = 0; i < 3; i++)
        {
            (var id, token) = await api.NewCockpitAsync();
            cockpits.Add(id);
        }

        var probes = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => CockpitHubProbe.ConnectAsync(api, token)));
        await Task.WhenAll(probes.SelectMany(p => cockpits.Select(p.JoinAsync)));
        Relay.ActiveSubscriptions.Should().Be(3, "one subscription per watched cockpit, however many watchers");

        // Half leave each cockpit explicitly, half just drop; all at once.
        await Task.WhenAll(probes.Select((p, i) => i % 2 == 0
            ? Task.WhenAll(cockpits.Select(p.LeaveAsync))
            : p.Connection.StopAsync()));
        var remaining = await Eventually.Async(() => Task.FromResult(Relay.ActiveSubscriptions), n => n == 0, TimeSpan.FromSeconds(10));

        remaining.Should().Be(0, "no cockpit has a watcher left");
        await Task.WhenAll(probes.Select(p => p.DisposeAsync().AsTask()));
    }

    public sealed class Host : ApiFactory;
}
