using System.Globalization;
using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class KpiCsvTests
{
    [Fact]
    public void AnEmptySeriesIsJustTheHeaderLine() => KpiCsv.Format([]).Should().Be("bucketStart,avg,min,max,count\r\n");

    [Fact]
    public void RowsUseInvariantNumbersIsoUtcTimestampsAndCrlfWhateverTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var csv = KpiCsv.Format([
                new KpiSeriesPoint(new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.FromHours(2)), 1234.5, -0.125, 1e21, 3),
                new KpiSeriesPoint(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), 0.1 + 0.2, 0, 1, 1_000_000),
            ]);

            csv.Should().Be(
                "bucketStart,avg,min,max,count\r\n" +
                "2026-02-28T23:00:00Z,1234.5,-0.125,1E+21,3\r\n" +
                "2026-03-01T00:00:00Z,0.30000000000000004,0,1,1000000\r\n");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
