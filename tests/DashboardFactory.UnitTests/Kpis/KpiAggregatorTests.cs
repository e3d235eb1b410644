using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class KpiAggregatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PointsAggregateIntoEachPeriod()
    {
        var aggregator = new KpiAggregator();

        aggregator.Add(T0.AddSeconds(10), 2);
        aggregator.Add(T0.AddSeconds(20), 6);
        aggregator.Add(T0.AddSeconds(70), 10);

        var minute = aggregator.Current(KpiPeriod.Minute)!;
        (minute.Start, minute.Count, minute.Sum, minute.Last).Should().Be((T0.AddMinutes(1), 1L, 10.0, 10.0));
        var hour = aggregator.Current(KpiPeriod.Hour)!;
        (hour.Start, hour.Count, hour.Avg, hour.Min, hour.Max, hour.Last).Should().Be((T0, 3L, 6.0, 2.0, 10.0, 10.0));
    }

    [Fact]
    public void ALatePointLandsInItsOwnBucketAndLastStaysTheLatestTimestamp()
    {
        var aggregator = new KpiAggregator();
        aggregator.Add(T0.AddMinutes(5), 50);

        aggregator.Add(T0.AddMinutes(1), 10);

        aggregator.Current(KpiPeriod.Minute)!.Start.Should().Be(T0.AddMinutes(5));
        aggregator.Current(KpiPeriod.Minute)!.Count.Should().Be(1);
        aggregator.Current(KpiPeriod.Hour)!.Last.Should().Be(50, "the late point is older");
        aggregator.Current(KpiPeriod.Hour)!.Count.Should().Be(2);
    }

    [Fact]
    public void AmongEqualTimestampsTheLaterArrivalIsLast()
    {
        var aggregator = new KpiAggregator();
        aggregator.Add(T0, 1);
        aggregator.Add(T0, 2);

        aggregator.Current(KpiPeriod.Minute)!.Last.Should().Be(2);
    }

    [Fact]
    public void PointsEitherSideOfMidnightUtcFallInDifferentDays()
    {
        var aggregator = new KpiAggregator();
        var midnight = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        aggregator.Add(midnight.AddTicks(-1), 1);
        aggregator.Add(midnight, 3);

        aggregator.Current(KpiPeriod.Day)!.Should().Match<KpiBucket>(b => b.Start == midnight && b.Count == 1 && b.Sum == 3);
    }

    [Fact]
    public void ClosedBucketsAreTakenOnceAndForgottenOnlyWhenNoPointCanReachThem()
    {
        var aggregator = new KpiAggregator();
        aggregator.Add(T0.AddSeconds(5), 1);
        aggregator.Add(T0.AddMinutes(3), 2);
        var now = T0.AddMinutes(3).AddSeconds(30);

        var closed = aggregator.TakeClosed("k", now, cutoff: T0.AddMinutes(-30));

        closed.Should().ContainSingle().Which.Should().Match<KpiBucketRow>(r => r.Period == KpiPeriod.Minute && r.Start == T0 && r.Count == 1);
        aggregator.TakeClosed("k", now, T0.AddMinutes(-30)).Should().BeEmpty("nothing changed since");

        aggregator.Add(T0.AddSeconds(50), 5);
        aggregator.TakeClosed("k", now, T0.AddMinutes(-30)).Should().ContainSingle()
            .Which.Should().Match<KpiBucketRow>(r => r.Count == 2 && r.Sum == 6, "a late point reopens its closed bucket");

        var before = aggregator.BucketCount;
        aggregator.TakeClosed("k", T0.AddHours(30), cutoff: T0.AddHours(29));
        aggregator.BucketCount.Should().Be(3, "only the most recent bucket of each period stays (was {0})", before);
        aggregator.Current(KpiPeriod.Minute)!.Start.Should().Be(T0.AddMinutes(3));
    }

    [Fact]
    public void LoadedMinuteBucketsFoldIntoHoursAndDaysWithoutBeingWrittenAgain()
    {
        var aggregator = new KpiAggregator();

        aggregator.Load(new KpiBucketRow("k", KpiPeriod.Minute, T0, 2, 10, 4, 6, 6, T0.AddSeconds(40)));
        aggregator.Load(new KpiBucketRow("k", KpiPeriod.Minute, T0.AddMinutes(1), 1, 1, 1, 1, 1, T0.AddSeconds(61)));

        aggregator.Current(KpiPeriod.Hour)!.Should().Match<KpiBucket>(b => b.Count == 3 && b.Sum == 11 && b.Min == 1 && b.Max == 6 && b.Last == 1);
        aggregator.TakeClosed("k", T0.AddHours(2), T0.AddHours(-1)).Should().BeEmpty();
    }

    [Fact]
    public void TheLiveBucketsABatchChangedAreTheOneCurrentBeforeItAndAnyNewerOneButNotOlderOnes()
    {
        var aggregator = new KpiAggregator();
        aggregator.Add(T0.AddMinutes(1).AddSeconds(5), 1);
        var before = aggregator.Current(KpiPeriod.Minute)!.Start;
        var batch = new[] { T0.AddMinutes(1).AddSeconds(50), T0.AddSeconds(30), T0.AddMinutes(2).AddSeconds(1), T0.AddMinutes(2).AddSeconds(2) };
        foreach (var ts in batch)
        {
            aggregator.Add(ts, 2);
        }

        var changed = aggregator.Changed(KpiPeriod.Minute, before, batch);

        changed.Select(b => (b.Start, b.Count)).Should().Equal([(T0.AddMinutes(1), 2L), (T0.AddMinutes(2), 2L)],
            "the bucket the batch closed (with its final count) comes first, the late point's bucket is not live");
        aggregator.Changed(KpiPeriod.Hour, null, batch).Select(b => (b.Start, b.Count)).Should().Equal([(T0, 5L)], "with no bucket before, every bucket the batch touched");
    }
}
