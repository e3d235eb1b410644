using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class KpiPeriodsTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-01T10:15:59.999Z", "minute", "2026-03-01T10:15:00Z")]
    [InlineData("2026-03-01T10:15:00Z", "minute", "2026-03-01T10:15:00Z")]
    [InlineData("2026-03-01T10:59:59Z", "hour", "2026-03-01T10:00:00Z")]
    [InlineData("2026-03-01T23:59:59.9999999Z", "day", "2026-03-01T00:00:00Z")]
    [InlineData("2026-03-02T00:00:00Z", "day", "2026-03-02T00:00:00Z")]
    [InlineData("1969-12-31T23:59:30Z", "minute", "1969-12-31T23:59:00Z")]
    public void ABucketStartsAtTheFloorOfItsPeriodInUtc(string ts, string period, string start)
    {
        KpiPeriods.TryParse(period, out var p).Should().BeTrue();

        p.BucketStart(Utc(ts)).Should().Be(Utc(start));
        p.BucketStart(Utc(ts)).Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void TheDayBoundaryIsMidnightUtcWhateverOffsetTheTimestampCarries()
    {
        // 01:30 in UTC+02:00 is 23:30 UTC the day before.
        KpiPeriod.Day.BucketStart(Utc("2026-03-02T01:30:00+02:00")).Should().Be(Utc("2026-03-01T00:00:00Z"));
        KpiPeriod.Hour.BucketStart(Utc("2026-03-02T01:30:00+05:30")).Should().Be(Utc("2026-03-01T20:00:00Z"));
    }

    [Theory]
    [InlineData("minute", KpiPeriod.Minute)]
    [InlineData("hour", KpiPeriod.Hour)]
    [InlineData("day", KpiPeriod.Day)]
    public void PeriodsRoundTripTheirLowercaseWireNames(string wire, KpiPeriod period)
    {
        KpiPeriods.TryParse(wire, out var parsed).Should().BeTrue();
        parsed.Should().Be(period);
        period.ToWire().Should().Be(wire);
    }

    [Theory]
    [InlineData("Hour")]
    [InlineData("week")]
    [InlineData("")]
    [InlineData(null)]
    public void OtherPeriodNamesAreRefused(string? wire) => KpiPeriods.TryParse(wire, out _).Should().BeFalse();
}
