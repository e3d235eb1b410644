using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using Orleans.TestingHost;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Push, not poll, on a TestingHost cluster of two silos: the KPI grain pushes each change of a watched bucket to
/// its stream grain. The stream grains' safety-net re-read is set to an hour, so every event these tests see was
/// pushed. The tests play an API node: a lease through the cluster client, and a subscription to the stream.
/// </summary>
public sealed class KpiPushClusterTests(KpiPushClusterTests.Cluster cluster) : IClassFixture<KpiPushClusterTests.Cluster>
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private IClusterClient Client => cluster.Host.Client;

    [Fact]
    public async Task AnAcceptedPointOfAWatchedKpiIsPublishedWithoutWaitingForAPoll()
    {
        var (code, key) = NewFeed(KpiPeriod.Minute);
        var minute = KpiScenario.LastMinute;
        await using var stream = await KpiStreamProbe.SubscribeAsync(Client, key);
        await Lease(key, 1);

        await IngestAsync(code, minute.AddSeconds(10), 4);

        var pushed = await stream.WaitForAsync(minute, 1);
        pushed.Value.Last.Should().Be(4, "the only point of {0}", key);
        pushed.Id.Should().Be(KpiStreamEvent.IdOf(pushed.Value));
    }

    [Fact]
    public async Task NothingIsPublishedWhileNobodyWatchesAndTheFeedResumesWithTheFirstChangeAfterALease()
    {
        var (code, key) = NewFeed(KpiPeriod.Minute);
        var minute = KpiScenario.LastMinute;
        await using var stream = await KpiStreamProbe.SubscribeAsync(Client, key);
        await IngestAsync(code, minute.AddSeconds(1), 1);
        await IngestAsync(code, minute.AddSeconds(2), 2);
        (await StreamGrain(key).GetStatusAsync()).Should().Be(new KpiStreamStatus(0, 0, false), "nobody holds a lease on {0}", key);

        await Lease(key, 1);
        await IngestAsync(code, minute.AddSeconds(3), 3);
        await stream.WaitForAsync(minute, 3);
        await Lease(key, 0);
        await IngestAsync(code, minute.AddSeconds(4), 4);
        await IngestAsync(code, minute.AddSeconds(5), 5);
        await Lease(key, 1);
        await IngestAsync(code, minute.AddSeconds(6), 6);
        await stream.WaitForAsync(minute, 6);

        // A stream delivers in order, so anything published while unwatched would have arrived before these.
        stream.Received.Select(e => e.Value.Count).Should().Equal([3L, 6L],
            "{0} published only the changes made while a lease was live; the points before and between leases were not published", key);
    }

    [Fact]
    public async Task ABucketsFinalValueIsPublishedBeforeTheNextBucketOpensInOneBatchOrInQuickSuccession()
    {
        var (code, key) = NewFeed(KpiPeriod.Minute);
        var first = KpiScenario.LastMinute - TimeSpan.FromMinutes(2);
        await using var stream = await KpiStreamProbe.SubscribeAsync(Client, key);
        await Lease(key, 1);
        await IngestAsync(code, first.AddSeconds(10), 1);
        await stream.WaitForAsync(first, 1);

        // Within one coalescing window: the closed bucket's last change and the next bucket's first point.
        await IngestAsync(code, first.AddSeconds(50), 2);
        await IngestAsync(code, first.AddMinutes(1).AddSeconds(5), 3);
        await stream.WaitForAsync(first.AddMinutes(1), 1);
        // One batch that closes the bucket and opens the next.
        var batch = await Kpi(code).IngestAsync([Point(first.AddMinutes(1).AddSeconds(59), 4), Point(first.AddMinutes(2).AddSeconds(1), 5)]);
        batch.Accepted.Should().Be(2);
        await stream.WaitForAsync(first.AddMinutes(2), 1);

        stream.Received.Select(e => (e.Value.BucketStart - first, e.Value.Count, e.Value.Last)).Should().Equal(
            [(TimeSpan.Zero, 1L, 1.0), (TimeSpan.Zero, 2L, 2.0), (TimeSpan.FromMinutes(1), 1L, 3.0), (TimeSpan.FromMinutes(1), 2L, 4.0), (TimeSpan.FromMinutes(2), 1L, 5.0)],
            "each bucket's final value reaches the subscribers before the next bucket's first on {0}", key);
        stream.Received.Select(e => e.Id).Should().BeInAscendingOrder("SSE clients resume by these ids");
    }

    [Fact]
    public async Task EachPeriodIsPushedOnlyWhileItIsWatched()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        var hourKey = KpiStreamKey.Format(code, KpiPeriod.Hour);
        await using var hour = await KpiStreamProbe.SubscribeAsync(Client, hourKey);
        await using var day = await KpiStreamProbe.SubscribeAsync(Client, KpiStreamKey.Format(code, KpiPeriod.Day));
        await Lease(hourKey, 2);

        await IngestAsync(code, minute.AddSeconds(10), 8);
        await hour.WaitForAsync(KpiPeriod.Hour.BucketStart(minute), 1);
        await Lease(KpiStreamKey.Format(code, KpiPeriod.Day), 1);
        await IngestAsync(code, minute.AddSeconds(11), 9);

        (await day.WaitForAsync(KpiPeriod.Day.BucketStart(minute), 2)).Value.Last.Should().Be(9);
        day.Received.Should().ContainSingle("the day feed of {0} was unwatched at the first point", code);
    }

    [Fact]
    public async Task ANodeThatGivesAnObserverWithItsLeaseGetsEachEventDirectlyAndNothingGoesOnTheStream()
    {
        var (code, key) = NewFeed(KpiPeriod.Minute);
        var minute = KpiScenario.LastMinute;
        await using var stream = await KpiStreamProbe.SubscribeAsync(Client, key);
        var node = new KpiObserverProbe(expected: 2);
        var observer = Client.CreateObjectReference<IKpiObserver>(node);
        await StreamGrain(key).RenewLeaseAsync(new KpiLease("observer-node", 1, Ttl, observer));

        await IngestAsync(code, minute.AddSeconds(10), 1);
        await IngestAsync(code, minute.AddMinutes(1).AddSeconds(10), 2);
        await node.WaitAsync();
        // A node on the stream joins: from now on events go both ways, so its first event proves none came before.
        await StreamGrain(key).RenewLeaseAsync(new KpiLease("stream-node", 1, Ttl));
        await IngestAsync(code, minute.AddMinutes(1).AddSeconds(20), 3);
        await stream.WaitForAsync(minute.AddMinutes(1), 2);

        // Separate one-way calls are not ordered by Orleans; the node's relay orders them by id (KpiRelay's Watch.Admit).
        node.Received.Select(r => (r.Key, r.Event.Value.Count, r.Event.Value.Last)).Take(2).Should().BeEquivalentTo([(key, 1L, 1.0), (key, 1L, 2.0)],
            "the observer got both changes of {0}, the closed bucket's and the new one's", key);
        stream.Received.Select(e => e.Value.Last).Should().Equal([3.0], "nothing went on the stream while only the observer's node watched {0}", key);
        await StreamGrain(key).RenewLeaseAsync(new KpiLease("observer-node", 0, Ttl));
        await StreamGrain(key).RenewLeaseAsync(new KpiLease("stream-node", 0, Ttl));
        Client.DeleteObjectReference<IKpiObserver>(observer);
    }

    private static (string Code, string Key) NewFeed(KpiPeriod period)
    {
        var code = KpiScenario.NewCode();
        return (code, KpiStreamKey.Format(code, period));
    }

    private IKpiGrain Kpi(string code) => Client.GetGrain<IKpiGrain>(code);

    private IKpiStreamGrain StreamGrain(string key) => Client.GetGrain<IKpiStreamGrain>(key);

    private Task<KpiStreamStatus> Lease(string key, int subscribers) => StreamGrain(key).RenewLeaseAsync(new KpiLease("test-node", subscribers, Ttl));

    private async Task IngestAsync(string code, DateTimeOffset ts, double value)
    {
        var result = await Kpi(code).IngestAsync([Point(ts, value)]);
        result.Accepted.Should().Be(1, "the point for {0} is valid", code);
    }

    private static KpiPoint Point(DateTimeOffset ts, double value) => new(Guid.NewGuid().ToString("N"), ts, value);

    public sealed class Cluster : IAsyncLifetime
    {
        public InProcessTestCluster Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await TestClusters.StartAsync(silos: 2, postgres: null, settings: new Dictionary<string, string?>
        {
            ["KpiStreams:PollInterval"] = "01:00:00",
        });

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }
}
