using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class RecentIdsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IdsAreForgottenOnceTheirTimestampLeavesTheWindow()
    {
        var ids = new RecentIds();
        ids.Claim("old", T0);
        ids.Claim("new", T0.AddHours(1));

        ids.Forget(cutoff: T0.AddMinutes(1), cap: 100);

        ids.Contains("old").Should().BeFalse();
        ids.Contains("new").Should().BeTrue();
    }

    [Fact]
    public void BeyondTheCapTheOldestAreForgottenFirst()
    {
        var ids = new RecentIds();
        for (var i = 0; i < 10; i++)
        {
            ids.Claim($"p{i}", T0.AddSeconds(i));
        }

        ids.Forget(cutoff: T0.AddDays(-1), cap: 4);

        ids.Count.Should().Be(4);
        ids.Contains("p5").Should().BeFalse();
        ids.Contains("p6").Should().BeTrue();
    }

    [Fact]
    public void AReleasedIdIsNoLongerKnown()
    {
        var ids = new RecentIds();
        ids.Claim("x", T0);

        ids.Release("x");

        ids.Contains("x").Should().BeFalse();
        ids.Forget(T0.AddHours(1), 10);
        ids.Count.Should().Be(0);
    }
}
