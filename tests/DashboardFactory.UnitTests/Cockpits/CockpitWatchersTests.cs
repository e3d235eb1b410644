using DashboardFactory.Cockpits;

namespace DashboardFactory.UnitTests.Cockpits;

/// <summary>A cockpit's leases from the API nodes that watch it: who gets its updates, and until when; on explicit times.</summary>
public sealed class CockpitWatchersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly CockpitWatchers _watchers = new();
    private readonly Observer _a = new();
    private readonly Observer _b = new();

    [Fact]
    public void ACockpitNobodyWatchesHasNoObserverToSendTo()
    {
        _watchers.Live(Now).Should().BeEmpty();
        _watchers.Nodes.Should().Be(0);
    }

    [Fact]
    public void EachWatchingNodeIsSentToOnceWhateverItsCountAndRenewalsOnlyExtendIts()
    {
        _watchers.Renew(new CockpitWatch("node-a", 3, Ttl, _a), Now);
        _watchers.Renew(new CockpitWatch("node-b", 1, Ttl, _b), Now);
        _watchers.Renew(new CockpitWatch("node-a", 5, Ttl, _a), Now.AddSeconds(10));

        Observers(Now.AddSeconds(20)).Should().BeEquivalentTo(new ICockpitObserver[] { _a, _b }, "one message per node, not per watcher");
        _watchers.Nodes.Should().Be(2);
    }

    [Fact]
    public void ALeaseNotRenewedInTimeLapsesAndItsNodeIsNoLongerSentTo()
    {
        _watchers.Renew(new CockpitWatch("node-a", 1, Ttl, _a), Now);
        _watchers.Renew(new CockpitWatch("node-b", 1, Ttl, _b), Now.AddSeconds(20));

        _watchers.Live(Now.AddSeconds(29.999)).Should().HaveCount(2, "node-a's lease runs until 30 s after its renewal");
        Observers(Now.AddSeconds(30)).Should().Equal([_b], "node-a stopped renewing (a dead node)");
        _watchers.Nodes.Should().Be(1);
    }

    [Fact]
    public void ZeroWatchersReleasesTheNodesLeaseAtOnce()
    {
        _watchers.Renew(new CockpitWatch("node-a", 2, Ttl, _a), Now);
        _watchers.Renew(new CockpitWatch("node-a", 0, Ttl, _a), Now.AddSeconds(1));

        _watchers.Live(Now.AddSeconds(1)).Should().BeEmpty();
        _watchers.Nodes.Should().Be(0);
    }

    [Fact]
    public void TheTtlIsClampedToWhatACockpitGrants()
    {
        _watchers.Renew(new CockpitWatch("short", 1, TimeSpan.FromMilliseconds(1), _a), Now);
        _watchers.Renew(new CockpitWatch("long", 1, TimeSpan.FromDays(1), _b), Now);

        _watchers.Live(Now + CockpitWatchers.MinTtl - TimeSpan.FromTicks(1)).Should().HaveCount(2, "a lease lasts at least the shortest TTL granted");
        Observers(Now + CockpitWatchers.MinTtl).Should().Equal([_b]);
        _watchers.Live(Now + CockpitWatchers.MaxTtl).Should().BeEmpty("no lease outlives the longest TTL granted, whatever a node asks for");
    }

    [Fact]
    public void ANodeThatComesBackWithANewObserverIsSentToTheNewOne()
    {
        var replacement = new Observer();
        _watchers.Renew(new CockpitWatch("node-a", 1, Ttl, _a), Now);
        _watchers.Renew(new CockpitWatch("node-a", 1, Ttl, replacement), Now.AddSeconds(1));

        Observers(Now.AddSeconds(2)).Should().Equal([replacement]);
    }

    [Fact]
    public void ANodesPushAddressTravelsWithItsLeaseAndANewOneReplacesIt()
    {
        var first = new CockpitPushAddress("10.0.0.7", 40001, CockpitPushWire.NewToken());
        var moved = first with { Port = 40002 };
        _watchers.Renew(new CockpitWatch("node-a", 1, Ttl, _a, first), Now);
        _watchers.Renew(new CockpitWatch("node-b", 1, Ttl, _b), Now);

        _watchers.Live(Now).Select(w => w.Push).Should().BeEquivalentTo(new[] { first, null }, "node-b does not listen: it keeps the observer");

        _watchers.Renew(new CockpitWatch("node-a", 1, Ttl, _a, moved), Now.AddSeconds(1));
        _watchers.Live(Now.AddSeconds(1)).Single(w => w.NodeId == "node-a").Push.Should().Be(moved, "a node that listens anew (restarted listener) is pushed to there");

        _watchers.Renew(new CockpitWatch("node-a", 1, Ttl, _a), Now.AddSeconds(2));
        _watchers.Live(Now.AddSeconds(2)).Single(w => w.NodeId == "node-a").Push.Should().BeNull("a node that stopped listening is sent to through its observer");
    }

    private ICockpitObserver[] Observers(DateTimeOffset now) => [.. _watchers.Live(now).Select(w => w.Observer)];

    private sealed class Observer : ICockpitObserver
    {
        public Task OnCockpitUpdatedAsync(CockpitUpdated update) => Task.CompletedTask;
    }
}
