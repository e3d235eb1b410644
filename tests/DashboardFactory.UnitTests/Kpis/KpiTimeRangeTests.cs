using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class KpiTimeRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1h", 1, KpiPeriod.Minute)]
    [InlineData("24h", 24, KpiPeriod.Hour)]
    [InlineData("7d", 168, KpiPeriod.Hour)]
    [InlineData("30d", 720, KpiPeriod.Day)]
    [InlineData(null, 24, KpiPeriod.Hour)]
    public void NamedRangesEndNowWithASensiblePeriod(string? name, int hours, KpiPeriod period)
    {
        var (range, error) = KpiTimeRange.Parse(name, null, null, Now);

        error.Should().BeNull();
        range!.To.Should().Be(Now);
        range.From.Should().Be(Now.AddHours(-hours));
        range.Period.Should().Be(period);
    }

    [Fact]
    public void ACustomRangeTakesFromAndToAndPicksThePeriodByItsLength()
    {
        var (range, _) = KpiTimeRange.Parse("custom", "2026-03-01T00:00:00Z", "2026-03-01T06:00:00Z", Now);
        range!.Period.Should().Be(KpiPeriod.Minute);
        KpiTimeRange.Parse("custom", "2026-03-01T00:00:00Z", "2026-03-01T06:00:01Z", Now).Range!.Period.Should().Be(KpiPeriod.Hour);
        KpiTimeRange.Parse("custom", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", Now).Range!.Period.Should().Be(KpiPeriod.Day);
    }

    [Theory]
    [InlineData("2h", null, null)]
    [InlineData("custom", null, null)]
    [InlineData("custom", "2026-03-01T00:00:00Z", null)]
    [InlineData("custom", "soon", "2026-03-01T00:00:00Z")]
    [InlineData("custom", "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z")]
    [InlineData("custom", "2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z")]
    [InlineData("1h", "2026-03-01T00:00:00Z", null)]
    public void BadRangesAreRefusedWithAMessage(string name, string? from, string? to)
    {
        var (range, error) = KpiTimeRange.Parse(name, from, to, Now);

        range.Should().BeNull();
        error.Should().NotBeNullOrEmpty();
    }
}
