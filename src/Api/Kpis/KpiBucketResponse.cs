using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>One bucket of a KPI series.</summary>
public sealed record KpiBucketResponse(DateTimeOffset BucketStart, double Avg, double Min, double Max, long Count)
{
    public static KpiBucketResponse From(KpiSeriesPoint point) => new(point.BucketStart.ToUniversalTime(), point.Avg, point.Min, point.Max, point.Count);

    public static List<KpiBucketResponse> Series(IEnumerable<KpiSeriesPoint> series) => [.. series.Select(From)];
}
