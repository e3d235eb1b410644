using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.Kpis;

/// <summary>The KPI grain's behaviour, run against every store the product supports.</summary>
public abstract class KpiGrainContract(Func<IClusterClient> client)
{
    protected static string NewCode() => "kpi-" + Guid.NewGuid().ToString("N")[..12];

    protected IKpiGrain Kpi(string code) => client().GetGrain<IKpiGrain>(code);

    /// <summary>A minute boundary a few minutes ago, so points around it are inside the accept window.</summary>
    protected static DateTimeOffset RecentMinute(int minutesAgo) =>
        KpiPeriod.Minute.BucketStart(DateTimeOffset.UtcNow) - TimeSpan.FromMinutes(minutesAgo);

    [Fact]
    public async Task AKpiWithoutDataHasNoCurrentValue()
    {
        var kpi = Kpi(NewCode());

        (await kpi.GetCurrentAsync(KpiPeriod.Minute)).Should().BeNull();
        (await kpi.GetSeriesAsync(KpiPeriod.Hour, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow)).Should().BeEmpty();
    }

    [Fact]
    public async Task PointsAggregateIntoMinuteHourAndDayBuckets()
    {
        var code = NewCode();
        var minute = RecentMinute(2);

        var result = await Kpi(code).IngestAsync([
            new KpiPoint("a", minute.AddSeconds(10), 4),
            new KpiPoint("b", minute.AddSeconds(50), 8),
            new KpiPoint(null, minute.AddSeconds(30), 6),
        ]);

        result.Should().BeEquivalentTo(new { Accepted = 3, Duplicates = 0, Rejected = 0 });
        var current = await Kpi(code).GetCurrentAsync(KpiPeriod.Minute);
        current.Should().NotBeNull();
        current!.Should().BeEquivalentTo(new { Code = code, Period = KpiPeriod.Minute, BucketStart = minute, Avg = 6.0, Min = 4.0, Max = 8.0, Count = 3L, Sum = 18.0, Last = 8.0, Stale = false });
        (await Kpi(code).GetCurrentAsync(KpiPeriod.Hour))!.BucketStart.Should().Be(KpiPeriod.Hour.BucketStart(minute));
        (await Kpi(code).GetCurrentAsync(KpiPeriod.Day))!.Count.Should().Be(3);
    }

    [Fact]
    public async Task APointIdSeenBeforeIsADuplicateAndChangesNothing()
    {
        var code = NewCode();
        var ts = RecentMinute(1).AddSeconds(5);
        await Kpi(code).IngestAsync([new KpiPoint("p1", ts, 10)]);

        var again = await Kpi(code).IngestAsync([new KpiPoint("p1", ts, 99), new KpiPoint("p2", ts, 20), new KpiPoint("p2", ts, 21)]);

        again.Should().BeEquivalentTo(new { Accepted = 1, Duplicates = 2, Rejected = 0 });
        var current = await Kpi(code).GetCurrentAsync(KpiPeriod.Minute);
        current!.Count.Should().Be(2);
        current.Sum.Should().Be(30, "the duplicate p1 (99) and the second p2 (21) must not count");
        (await Kpi(code).GetQualityAsync()).Should().BeEquivalentTo(new { Accepted = 2L, Duplicates = 2L, Rejected = 0L });
    }

    [Fact]
    public async Task PointsOutsideTheWindowOrNotFiniteAreRejectedWithReasonsAndNotStored()
    {
        var code = NewCode();
        var now = DateTimeOffset.UtcNow;

        var result = await Kpi(code).IngestAsync([
            new KpiPoint("old", now.AddDays(-2), 1),
            new KpiPoint("future", now.AddHours(1), 1),
            new KpiPoint("nan", now, double.NaN),
            new KpiPoint("inf", now, double.PositiveInfinity),
        ]);

        result.Accepted.Should().Be(0);
        result.Rejected.Should().Be(4);
        result.Rejections.Select(r => r.Index).Should().Equal(0, 1, 2, 3);
        result.Rejections.Should().OnlyContain(r => r.Reason.Length > 0);
        (await Kpi(code).GetCurrentAsync(KpiPeriod.Minute)).Should().BeNull();
        (await Kpi(code).GetQualityAsync()).Rejected.Should().Be(4);
    }

    [Fact]
    public async Task ALatePointLandsInItsOwnBucketAndDoesNotBecomeTheLastValue()
    {
        var code = NewCode();
        var latest = RecentMinute(1);
        var earlier = RecentMinute(5);
        await Kpi(code).IngestAsync([new KpiPoint("now", latest.AddSeconds(1), 50)]);

        await Kpi(code).IngestAsync([new KpiPoint("late", earlier.AddSeconds(1), 10)]);

        var minute = await Kpi(code).GetCurrentAsync(KpiPeriod.Minute);
        minute!.BucketStart.Should().Be(latest, "the late point has a bucket of its own");
        minute.Count.Should().Be(1);
        var series = await Kpi(code).GetSeriesAsync(KpiPeriod.Minute, earlier, latest.AddMinutes(1));
        series.Select(s => (s.BucketStart, s.Count, s.Avg)).Should().Equal((earlier, 1L, 10.0), (latest, 1L, 50.0));
        if (KpiPeriod.Hour.BucketStart(earlier) == KpiPeriod.Hour.BucketStart(latest))
        {
            (await Kpi(code).GetCurrentAsync(KpiPeriod.Hour))!.Last.Should().Be(50, "last is by timestamp, not by arrival");
        }
    }

    [Fact]
    public async Task ASeriesListsBucketsOldestFirstWithinTheRange()
    {
        var code = NewCode();
        var start = RecentMinute(10);
        await Kpi(code).IngestAsync([.. Enumerable.Range(0, 10).Select(i => new KpiPoint($"p{i}", start.AddMinutes(i).AddSeconds(30), i))]);

        var series = await Kpi(code).GetSeriesAsync(KpiPeriod.Minute, start.AddMinutes(2), start.AddMinutes(5));

        series.Select(s => s.BucketStart).Should().Equal(start.AddMinutes(2), start.AddMinutes(3), start.AddMinutes(4));
        series.Select(s => s.Avg).Should().Equal(2, 3, 4);
    }
}
