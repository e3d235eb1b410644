using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

/// <summary>The plain parts of live KPIs: leases on a clock, the replay buffer, event ids and stream keys.</summary>
public sealed class KpiStreamLogicTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ALeaseLapsesAfterItsTtlUnlessRenewedAndARenewalSetsTheWholeCount()
    {
        var leases = new KpiLeaseTable();
        leases.Renew(new KpiLease("a", 3, TimeSpan.FromSeconds(30)), T0);
        leases.Renew(new KpiLease("b", 1, TimeSpan.FromSeconds(30)), T0);
        leases.Renew(new KpiLease("a", 2, TimeSpan.FromSeconds(30)), T0.AddSeconds(20));

        leases.Subscribers.Should().Be(3, "a's renewal replaces its count, it does not add to it");
        leases.Expire(T0.AddSeconds(29)).Should().BeEmpty();
        leases.Expire(T0.AddSeconds(30)).Should().Equal("b");
        leases.Expire(T0.AddSeconds(50)).Should().Equal("a");
        leases.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void ZeroSubscribersReleasesALeaseAndTtlsAreClamped()
    {
        var leases = new KpiLeaseTable();
        leases.Renew(new KpiLease("a", 1, TimeSpan.FromDays(1)), T0);
        leases.Renew(new KpiLease("b", 1, TimeSpan.Zero), T0);
        leases.Renew(new KpiLease("c", 1, TimeSpan.FromSeconds(5)), T0);
        leases.Renew(new KpiLease("c", 0, TimeSpan.FromSeconds(5)), T0);

        leases.Nodes.Should().Be(2, "c released its lease");
        leases.Expire(T0 + KpiStreamOptions.MinLeaseTtl).Should().Equal("b");
        leases.Expire(T0 + KpiStreamOptions.MaxLeaseTtl).Should().Equal("a");
    }

    [Fact]
    public void ANodesLeaseWithoutAnObserverPutsTheFeedOnTheStreamAndTheFlagFollowsRenewalsAndLapses()
    {
        var leases = new KpiLeaseTable();
        leases.Renew(new KpiLease("a", 1, TimeSpan.FromSeconds(30)), T0);
        leases.AnyOnStream.Should().BeTrue("node a gave no observer");
        leases.Observers.Should().BeEmpty();

        leases.Renew(new KpiLease("b", 1, TimeSpan.FromSeconds(10)), T0);
        leases.Renew(new KpiLease("a", 0, TimeSpan.FromSeconds(30)), T0);
        leases.AnyOnStream.Should().BeTrue("node b still listens on the stream");
        leases.Expire(T0.AddSeconds(10)).Should().Equal("b");

        leases.AnyOnStream.Should().BeFalse("no lease is left");
        leases.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void EachNodesObserverIsKeptOnceAndGoesWithItsLease()
    {
        var leases = new KpiLeaseTable();
        var a = new NullKpiObserver();
        var b = new NullKpiObserver();
        leases.Renew(new KpiLease("a", 2, TimeSpan.FromSeconds(30), a), T0);
        leases.Renew(new KpiLease("b", 1, TimeSpan.FromSeconds(30), b), T0);
        leases.Renew(new KpiLease("a", 3, TimeSpan.FromSeconds(30), a), T0.AddSeconds(10));

        leases.Observers.Should().Equal([a, b], "a renewal of a does not add its observer twice");
        leases.AnyOnStream.Should().BeFalse("every node gave an observer");

        leases.Expire(T0.AddSeconds(30)).Should().Equal("b");
        leases.Observers.Should().ContainSingle().Which.Should().BeSameAs(a);
    }

    [Fact]
    public void EventIdsGrowWithEachNewPointAndEachNewBucketAndStayExactInJavaScript()
    {
        var minute = T0;
        var ids = new[]
        {
            KpiStreamEvent.IdOf(Value(minute, count: 1)),
            KpiStreamEvent.IdOf(Value(minute, count: 2)),
            KpiStreamEvent.IdOf(Value(minute, count: 99_999_999)),
            KpiStreamEvent.IdOf(Value(minute.AddMinutes(1), count: 1)),
            KpiStreamEvent.IdOf(Value(minute.AddDays(1), count: 1)),
        };

        ids.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        KpiStreamEvent.IdOf(Value(new DateTimeOffset(2140, 1, 1, 0, 0, 0, TimeSpan.Zero), 1)).Should().BeLessThan(1L << 53);
    }

    [Fact]
    public void TheReplayBufferGivesWhatCameAfterAnIdAndSaysWhenItNoLongerReachesBack()
    {
        var buffer = new KpiReplayBuffer(capacity: 3);
        var events = Enumerable.Range(1, 5).Select(n => Event(n)).ToList();
        foreach (var e in events)
        {
            buffer.Add(e);
        }

        buffer.Latest.Should().Be(events[4]);
        buffer.After(events[2].Id).Should().BeEquivalentTo(new KpiReplay([events[3], events[4]], Complete: true));
        buffer.After(events[4].Id).Events.Should().BeEmpty();
        var tooOld = buffer.After(events[0].Id);
        tooOld.Complete.Should().BeFalse("events[1] was evicted");
        tooOld.Events.Should().Equal(events[2], events[3], events[4]);
    }

    [Theory]
    [InlineData("perfect_order:minute", "perfect_order", KpiPeriod.Minute)]
    [InlineData("op.rate-1:day", "op.rate-1", KpiPeriod.Day)]
    public void StreamKeysRoundTrip(string key, string code, KpiPeriod period)
    {
        KpiStreamKey.Format(code, period).Should().Be(key);
        KpiStreamKey.TryParse(key, out var c, out var p).Should().BeTrue();
        (c, p).Should().Be((code, period));
    }

    [Theory]
    [InlineData("perfect_order:Minute")]
    [InlineData("perfect_order:week")]
    [InlineData(":minute")]
    [InlineData("bad code:minute")]
    [InlineData("perfect_order")]
    public void MalformedStreamKeysAreRefused(string key) =>
        KpiStreamKey.TryParse(key, out _, out _).Should().BeFalse();

    [Fact]
    public void TheDefaultsAreValidAndAPollFasterThanOncePerSecondIsNot()
    {
        new KpiStreamOptions().IsValid.Should().BeTrue();
        new KpiStreamOptions { PollInterval = TimeSpan.FromMilliseconds(500) }.IsValid.Should().BeFalse();
        new KpiStreamOptions { LeaseTtl = TimeSpan.FromHours(1) }.IsValid.Should().BeFalse();
    }

    [Fact]
    public void TheCoalescingWindowDefaultsTo100MsAndMayBeZeroButNotNegativeNorAboveTenSeconds()
    {
        new KpiStreamOptions().Coalesce.Should().Be(TimeSpan.FromMilliseconds(100));
        new KpiStreamOptions { Coalesce = TimeSpan.Zero }.IsValid.Should().BeTrue();
        new KpiStreamOptions { Coalesce = TimeSpan.FromMilliseconds(-1) }.IsValid.Should().BeFalse();
        new KpiStreamOptions { Coalesce = TimeSpan.FromSeconds(11) }.IsValid.Should().BeFalse();
    }

    private static KpiValue Value(DateTimeOffset bucket, long count) =>
        new("k", KpiPeriod.Minute, bucket, 1, 1, 1, count, count, 1, bucket, false);

    private static KpiStreamEvent Event(long count) => new(KpiStreamEvent.IdOf(Value(T0, count)), Value(T0, count), T0);
}
