using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.Kpis;

/// <summary>
/// The PostgreSQL path of KPI numbers: closed buckets upserted and date_bin series stay finite at the edges of the
/// accepted range, and points stored before the range existed (1e308, infinities, NaN written by hand) neither make
/// PostgreSQL overflow ("value out of range: overflow" in sum or avg) nor reach a reader.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class KpiRangePostgresTests(PostgresClusterFixture fixture)
{
    /// <summary>The edge of the accepted value range (KpiPointRules.MaxAbsValue).</summary>
    private const double Max = 1e100;

    private static string NewCode() => "kpi-" + Guid.NewGuid().ToString("N")[..12];

    private static DateTimeOffset RecentMinute(int minutesAgo) =>
        KpiPeriod.Minute.BucketStart(DateTimeOffset.UtcNow) - TimeSpan.FromMinutes(minutesAgo);

    [Fact]
    public async Task PointsStoredOutsideTheRangeAreLeftOutOfEveryAggregate()
    {
        var code = NewCode();
        var minute = RecentMinute(3);
        string Ts(int second) => minute.AddSeconds(second).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'+00'");
        await fixture.Database.ExecuteAsync($"""
            INSERT INTO kpi_points (code, point_id, ts, value, received_at) VALUES
              ('{code}', 'ok', '{Ts(1)}', 5, now()),
              ('{code}', 'big1', '{Ts(2)}', 1e308, now()),
              ('{code}', 'big2', '{Ts(3)}', 1e308, now()),
              ('{code}', 'neg', '{Ts(4)}', -1.7e308, now()),
              ('{code}', 'inf', '{Ts(5)}', 'Infinity', now()),
              ('{code}', 'nan', '{Ts(6)}', 'NaN', now())
            """);

        var kpi = fixture.Client.GetGrain<IKpiGrain>(code);
        var current = await kpi.GetCurrentAsync(KpiPeriod.Minute);
        var series = await kpi.GetSeriesAsync(KpiPeriod.Minute, minute.AddMinutes(-1), minute.AddMinutes(2));

        current.Should().NotBeNull("the point in range counts");
        current!.Should().BeEquivalentTo(new { Count = 1L, Avg = 5.0, Min = 5.0, Max = 5.0, Sum = 5.0 });
        series.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Count = 1L, Avg = 5.0, Min = 5.0, Max = 5.0 });
    }

    [Fact]
    public async Task ClosedBucketsAndSeriesAtTheEdgesOfTheRangeStayFinite()
    {
        var code = NewCode();
        var start = RecentMinute(5);
        var points = Enumerable.Range(0, 300)
            .Select(i => new KpiPoint($"p{i}", start.AddSeconds(i), i % 3 == 0 ? -Max : Max))
            .ToList();
        (await fixture.Client.GetGrain<IKpiGrain>(code).IngestAsync(points)).Accepted.Should().Be(points.Count);

        // Deactivation writes the closed buckets, as the check timer would.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var written = await Eventually.Async(
            () => fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM kpi_buckets WHERE code = '{code}' AND period = 'minute'"),
            n => n >= 5);

        written.Should().BeGreaterThanOrEqualTo(5, "the closed minutes of {0} are upserted", code);
        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM kpi_buckets WHERE code = '{code}' AND NOT (abs(sum) < 'Infinity'::float8)"))
            .Should().Be(0, "every stored sum is finite");
        var series = await fixture.Client.GetGrain<IKpiGrain>(code).GetSeriesAsync(KpiPeriod.Hour, start.AddHours(-1), start.AddHours(1));
        series.Sum(s => s.Count).Should().Be(points.Count);
        series.Should().OnlyContain(s => double.IsFinite(s.Avg) && s.Max == Max && s.Min == -Max);
        var current = await fixture.Client.GetGrain<IKpiGrain>(code).GetCurrentAsync(KpiPeriod.Day);
        double.IsFinite(current!.Sum).Should().BeTrue();
        current.Avg.Should().BeApproximately(Max / 3, Max * 1e-9);
    }
}
