using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.Kpis;

[Collection(PostgresClusterCollection.Name)]
public sealed class KpiGrainPostgresTests(PostgresClusterFixture fixture) : KpiGrainContract(() => fixture.Client)
{
    [Fact]
    public async Task AggregatesEqualWhatSqlComputesOverTheRawRows()
    {
        var code = NewCode();
        var random = new Random(7);
        var start = RecentMinute(90);
        var points = Enumerable.Range(0, 600)
            .Select(i => new KpiPoint($"p{i}", start.AddSeconds(random.Next(0, 89 * 60)), Math.Round(random.NextDouble() * 1000 - 200, 3)))
            .ToList();

        // In batches of 50, shuffled, so many points arrive late for their bucket.
        foreach (var batch in points.OrderBy(_ => random.Next()).Chunk(50))
        {
            (await Kpi(code).IngestAsync(batch)).Accepted.Should().Be(batch.Length);
        }

        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM kpi_points WHERE code = '{code}'")).Should().Be(600);
        foreach (var (period, unit) in new[] { (KpiPeriod.Minute, "minute"), (KpiPeriod.Hour, "hour"), (KpiPeriod.Day, "day") })
        {
            // date_trunc, not date_bin: an independent way to bucket, so the grain's arithmetic is checked too.
            var rows = await fixture.Database.RowsAsync($"""
                SELECT date_trunc('{unit}', ts AT TIME ZONE 'UTC') AS b, avg(value), min(value), max(value), count(*), sum(value),
                       (array_agg(value ORDER BY ts DESC, seq DESC))[1]
                FROM kpi_points WHERE code = '{code}' GROUP BY b ORDER BY b
                """);
            var latest = rows[^1];
            var current = await Kpi(code).GetCurrentAsync(period);
            current!.BucketStart.Should().Be(new DateTimeOffset((DateTime)latest[0]!, TimeSpan.Zero), "{0} bucket start", unit);
            current.Count.Should().Be((long)latest[4]!, "{0} count", unit);
            current.Avg.Should().BeApproximately((double)latest[1]!, 1e-9, "{0} avg", unit);
            current.Min.Should().Be((double)latest[2]!);
            current.Max.Should().Be((double)latest[3]!);
            current.Sum.Should().BeApproximately((double)latest[5]!, 1e-6);
            current.Last.Should().Be((double)latest[6]!, "{0} last is the value with the latest timestamp", unit);

            var series = await Kpi(code).GetSeriesAsync(period, start, start.AddHours(2));
            series.Select(s => s.BucketStart.UtcDateTime).Should().Equal(rows.Select(r => (DateTime)r[0]!), "{0} series buckets", unit);
            series.Select(s => s.Count).Should().Equal(rows.Select(r => (long)r[4]!));
            series.Zip(rows, (s, r) => Math.Abs(s.Avg - (double)r[1]!)).Should().OnlyContain(d => d < 1e-9);
        }
    }

    [Fact]
    public async Task ClosedBucketsAreWrittenWithTheFiguresOfTheRawRows()
    {
        var code = NewCode();
        var start = RecentMinute(30);
        await Kpi(code).IngestAsync([.. Enumerable.Range(0, 120).Select(i => new KpiPoint($"p{i}", start.AddSeconds(i * 7), i % 13))]);

        // Deactivation writes what the check timer would have written by now.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var mismatches = await Eventually.Async(
            () => fixture.Database.ScalarAsync<long>($"""
                WITH raw AS (
                    SELECT date_bin('1 minute', ts, TIMESTAMPTZ '1970-01-01Z') AS b, count(*) AS n, sum(value) AS s, min(value) AS lo, max(value) AS hi
                    FROM kpi_points WHERE code = '{code}' GROUP BY b)
                SELECT count(*) FROM raw FULL JOIN (SELECT * FROM kpi_buckets WHERE code = '{code}' AND period = 'minute') k ON k.bucket_start = raw.b
                WHERE k.count IS DISTINCT FROM raw.n OR k.sum IS DISTINCT FROM raw.s OR k.min IS DISTINCT FROM raw.lo OR k.max IS DISTINCT FROM raw.hi
                """),
            n => n == 0);
        mismatches.Should().Be(0, "every closed minute bucket of {0} must match the raw rows", code);
    }

    [Fact]
    public async Task DedupeAndCurrentValuesSurviveAFullStopOfTheCluster()
    {
        var code = NewCode();
        var ts = RecentMinute(3).AddSeconds(20);
        await using (var first = await fixture.StartSecondClusterAsync())
        {
            (await first.Client.GetGrain<IKpiGrain>(code).IngestAsync([new KpiPoint("x1", ts, 5), new KpiPoint("x2", ts.AddSeconds(1), 7)])).Accepted.Should().Be(2);
        }

        await using var second = await fixture.StartSecondClusterAsync();
        var kpi = second.Client.GetGrain<IKpiGrain>(code);

        (await kpi.GetCurrentAsync(KpiPeriod.Minute)).Should().BeEquivalentTo(new { Count = 2L, Sum = 12.0, Last = 7.0 }, "the buckets are reloaded from the raw rows");
        var again = await kpi.IngestAsync([new KpiPoint("x1", ts, 100)]);
        again.Should().BeEquivalentTo(new { Accepted = 0, Duplicates = 1 }, "the new activation knows no ids; the unique constraint does");
        (await kpi.GetCurrentAsync(KpiPeriod.Minute))!.Count.Should().Be(2);
        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM kpi_points WHERE code = '{code}'")).Should().Be(2);
    }

    [Fact]
    public async Task ConcurrentBatchesWithTheSameIdsStoreEachIdOnce()
    {
        var code = NewCode();
        var ts = RecentMinute(2);
        var batch = Enumerable.Range(0, 100).Select(i => new KpiPoint($"c{i}", ts.AddMilliseconds(i * 100), i)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Kpi(code).IngestAsync(batch)));

        results.Sum(r => r.Accepted).Should().Be(100);
        results.Sum(r => r.Duplicates).Should().Be(700);
        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM kpi_points WHERE code = '{code}'")).Should().Be(100);
        (await Kpi(code).GetCurrentAsync(KpiPeriod.Day))!.Count.Should().Be(100);
    }
}
