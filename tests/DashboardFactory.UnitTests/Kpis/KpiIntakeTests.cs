using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

/// <summary>How a batch of points is sorted before anything is stored: rejected, duplicate, or new.</summary>
public sealed class KpiIntakeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 30, TimeSpan.Zero);

    [Fact]
    public void EachPointIsRejectedWithItsReasonADuplicateOrACandidateInTheBatchsOrder()
    {
        var recent = new RecentIds();
        recent.Claim("seen", Now.AddSeconds(-5));
        KpiPoint[] points =
        [
            new("a", Now.AddSeconds(-1), 1),
            new("bad", Now.AddSeconds(-1), double.NaN),
            new("seen", Now.AddSeconds(-1), 2),
            new("a", Now.AddSeconds(-1), 3),
            new(null, Now.AddSeconds(-1), 4),
        ];

        var (rejections, candidates, duplicates) = KpiIntake.Sort(points, Now, new KpiOptions(), recent);

        rejections.Should().ContainSingle().Which.Should().Match<KpiRejection>(r => r.Index == 1 && r.PointId == "bad" && r.Reason.Length > 0);
        duplicates.Should().Be(2, "'seen' was stored recently and 'a' comes twice in the batch");
        candidates.Select(c => c.Index).Should().Equal([0, 4], "a point without an id is never a duplicate");
    }
}
