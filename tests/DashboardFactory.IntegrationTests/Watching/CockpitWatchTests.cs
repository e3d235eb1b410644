using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DashboardFactory.Api.Watching;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using Orleans.Core.Internal;
using Orleans.Serialization;

namespace DashboardFactory.IntegrationTests.Watching;

/// <summary>
/// Cockpit updates travel from the cockpit straight to each node that holds a lease on it: a cockpit nobody watches
/// sends nothing, a watched one sends each change once per node, and a change the node could not hear of (the cockpit
/// forgot its leases when it moved) is announced at the node's next renewal. A host of its own: the feed's renewals
/// are driven by the tests (a lease TTL far longer than any test).
/// </summary>
public sealed class CockpitWatchTests(CockpitWatchTests.Host api) : IClassFixture<CockpitWatchTests.Host>
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private CockpitUpdateFeed Feed => api.Service<CockpitUpdateFeed>();

    private IClusterClient Cluster => api.Service<IClusterClient>();

    [Fact]
    public async Task AWatchedCockpitSendsEachChangeOnceToEachWatchingNodeAndAnUnwatchedOneSendsNothing()
    {
        var (watched, _) = await api.NewCockpitAsync();
        var (unwatched, _) = await api.NewCockpitAsync();
        var nodeA = new Recorder();
        var nodeB = new Recorder();
        var grain = Cluster.GetGrain<ICockpitGrain>(watched);
        await grain.WatchAsync(new CockpitWatch("node-a", 3, Ttl, Cluster.CreateObjectReference<ICockpitObserver>(nodeA)));
        await grain.WatchAsync(new CockpitWatch("node-b", 1, Ttl, Cluster.CreateObjectReference<ICockpitObserver>(nodeB)));

        await api.RenameAsync(unwatched, "Nobody sees this");
        await api.RenameAsync(watched, "First");
        await api.RenameAsync(watched, "Second");

        var a = await nodeA.WaitForAsync(watched, count: 2);
        var b = await nodeB.WaitForAsync(watched, count: 2);
        a.Select(u => u.Revision).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems("each change goes to node-a once, however many watchers it counts");
        b.Select(u => u.Revision).Should().Equal(a.Select(u => u.Revision), "node-b gets the same changes");
        a.Should().OnlyContain(u => u.PublishedAt != null, "the cockpit stamps when it sent each update");
        nodeA.Of(unwatched).Concat(nodeB.Of(unwatched)).Should().BeEmpty("cockpit {0} has no lease, so it sends nothing", unwatched);
    }

    [Fact]
    public async Task ANodeThatReleasesItsLeaseIsSentNothingMore()
    {
        var (id, _) = await api.NewCockpitAsync();
        var gone = new Recorder();
        var staying = new Recorder();
        var grain = Cluster.GetGrain<ICockpitGrain>(id);
        var goneRef = Cluster.CreateObjectReference<ICockpitObserver>(gone);
        await grain.WatchAsync(new CockpitWatch("node-gone", 1, Ttl, goneRef));
        await grain.WatchAsync(new CockpitWatch("node-staying", 1, Ttl, Cluster.CreateObjectReference<ICockpitObserver>(staying)));

        var answer = await grain.WatchAsync(new CockpitWatch("node-gone", 0, Ttl, goneRef));
        await api.RenameAsync(id, "After the release");

        (await staying.WaitForAsync(id, count: 1)).Single().Revision.Should().Be(answer.Revision + 1, "the rename is the change after the release");
        gone.Of(id).Should().BeEmpty("node-gone released its lease before the change (one-way sends to the two nodes leave together)");
    }

    [Fact]
    public async Task AChangeMadeWhileTheCockpitHadForgottenTheNodesLeaseIsAnnouncedAtTheNextRenewal()
    {
        var (id, token) = await api.NewCockpitAsync();
        await using var browser = await CockpitHubProbe.ConnectAsync(api, token);
        await browser.JoinAsync(id);

        // What a silo leaving looks like to a node: the cockpit's activation, and the leases it held in memory, are gone.
        await Cluster.GetGrain<ICockpitGrain>(id).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await api.RenameAsync(id, "Changed while unwatched");
        browser.UpdatesOf(id).Should().BeEmpty("the new activation of {0} knows of no lease yet", id);

        await Feed.RenewAllAsync();

        var announced = await browser.WaitForUpdateAsync(id);
        announced.GetProperty("reason").GetString().Should().Be(CockpitUpdateFeed.MissedChangeReason);
        var after = await Cluster.GetGrain<ICockpitGrain>(id).GetAsync();
        announced.GetProperty("version").GetString().Should().Be(after!.Version);
        announced.GetProperty("updatedAt").GetDateTimeOffset().Should().Be(after.UpdatedAt, "the announcement carries the change's own time");

        await api.RenameAsync(id, "Watched again");
        (await browser.WaitForUpdateAsync(id, u => u.GetProperty("reason").GetString() != CockpitUpdateFeed.MissedChangeReason))
            .GetProperty("reason").GetString().Should().Be("customized", "the renewal leased {0} again", id);
    }

    [Fact]
    public async Task TheFeedHoldsOneLeasePerCockpitWhateverTheNumberOfWatchersAndReleasesItWithTheLast()
    {
        var (id, token) = await api.NewCockpitAsync();
        var probe = new Recorder();
        var probeRef = Cluster.CreateObjectReference<ICockpitObserver>(probe);
        var grain = Cluster.GetGrain<ICockpitGrain>(id);
        var first = await CockpitHubProbe.ConnectAsync(api, token);
        var second = await CockpitHubProbe.ConnectAsync(api, token);
        await first.JoinAsync(id);
        await second.JoinAsync(id);

        var before = Feed.WatchedCockpits;
        (await grain.WatchAsync(new CockpitWatch("probe", 1, Ttl, probeRef))).Nodes.Should().Be(2, "this node's one lease on {0}, and the probe's", id);

        await first.DisposeAsync();
        await second.DisposeAsync();
        var released = await Eventually.Async(() => grain.WatchAsync(new CockpitWatch("probe", 1, Ttl, probeRef)), a => a.Nodes == 1, TimeSpan.FromSeconds(10));
        released.Nodes.Should().Be(1, "the last watcher left, so the node gave its lease on {0} back", id);
        Feed.WatchedCockpits.Should().Be(before - 1);
        await grain.WatchAsync(new CockpitWatch("probe", 0, Ttl, probeRef));
    }

    [Fact]
    public async Task ANodesLeaseOpensItsPushLinkWithItsTokenAndTheLinkCarriesTheUpdates()
    {
        var (id, _) = await api.NewCockpitAsync();
        using var node = new TcpListener(IPAddress.Loopback, 0);
        node.Start();
        var push = new CockpitPushAddress("127.0.0.1", ((IPEndPoint)node.LocalEndpoint).Port, CockpitPushWire.NewToken());
        var observer = new Recorder();
        var grain = Cluster.GetGrain<ICockpitGrain>(id);
        var before = (await grain.WatchAsync(new CockpitWatch("node-push", 1, Ttl, Cluster.CreateObjectReference<ICockpitObserver>(observer), push))).Revision;

        using var link = await node.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var hello = await ReadExactlyAsync(link, CockpitPushWire.HelloLength);
        hello.Should().Equal(CockpitPushWire.Hello(push.Token), "the silo proves it was told of this node by the cluster, before any change");
        await Eventually.Async(() => Task.FromResult(api.Service<CockpitPushLinks>().Open), open => open >= 1, TimeSpan.FromSeconds(10));

        await api.RenameAsync(id, "On the link");
        await api.RenameAsync(id, "On the link again");

        var serializer = api.Service<Serializer<CockpitUpdated>>();
        List<CockpitUpdated> updates = [];
        for (var i = 0; i < 2; i++)
        {
            var length = CockpitPushWire.ReadLength(await ReadExactlyAsync(link, 4));
            length.Should().BeInRange(1, CockpitPushWire.MaxFrameLength);
            updates.Add(serializer.Deserialize(await ReadExactlyAsync(link, length))!);
        }

        updates.Select(u => u.CockpitId).Should().AllBe(id);
        updates.Select(u => u.Revision).Should().Equal([before + 1, before + 2], "each change once, in order, on the one link");
        updates.Should().OnlyContain(u => u.PublishedAt != null, "the cockpit stamps when it sent each");
        observer.Of(id).Should().BeEmpty("an update the link took does not also take the observer");
    }

    [Fact]
    public async Task UpdatesForANodeWhoseLinkCannotConnectAllTakeItsObserver()
    {
        var (id, _) = await api.NewCockpitAsync();
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var observer = new Recorder();
        var grain = Cluster.GetGrain<ICockpitGrain>(id);
        await grain.WatchAsync(new CockpitWatch(
            "node-unreachable", 1, Ttl, Cluster.CreateObjectReference<ICockpitObserver>(observer), new CockpitPushAddress("127.0.0.1", port, CockpitPushWire.NewToken())));

        for (var i = 1; i <= 3; i++)
        {
            await api.RenameAsync(id, $"Change {i}");
            await observer.WaitForAsync(id, count: i);
        }

        observer.Of(id).Select(u => u.Revision).Should().BeInAscendingOrder().And.HaveCount(3, "nothing is lost to a link that never opened");
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var bytes = new byte[count];
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.ReadExactlyAsync(bytes).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return bytes;
    }

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["CockpitWatch:LeaseTtl"] = "00:10:00",
        };
    }

    private sealed class Recorder : ICockpitObserver
    {
        private readonly ConcurrentQueue<CockpitUpdated> _received = new();

        public Task OnCockpitUpdatedAsync(CockpitUpdated update)
        {
            _received.Enqueue(update);
            return Task.CompletedTask;
        }

        public IReadOnlyList<CockpitUpdated> Of(string cockpitId) => [.. _received.Where(u => u.CockpitId == cockpitId)];

        public Task<IReadOnlyList<CockpitUpdated>> WaitForAsync(string cockpitId, int count) =>
            Eventually.Async(() => Task.FromResult(Of(cockpitId)), u => u.Count >= count, TimeSpan.FromSeconds(10));
    }
}
