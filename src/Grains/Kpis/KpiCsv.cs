using System.Globalization;
using System.Text;

namespace DashboardFactory.Kpis;

/// <summary>
/// A series as CSV (RFC 4180): a header line, CRLF line ends, invariant culture, round-trippable doubles and
/// ISO 8601 UTC timestamps. No field can hold a comma, quote or line break, so none needs quoting.
/// </summary>
public static class KpiCsv
{
    public const string ContentType = "text/csv";

    public const string Header = "bucketStart,avg,min,max,count";

    public static string Format(IEnumerable<KpiSeriesPoint> series)
    {
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var point in series)
        {
            csv.Append(point.BucketStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Avg.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Min.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Max.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(point.Count.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return csv.ToString();
    }
}
