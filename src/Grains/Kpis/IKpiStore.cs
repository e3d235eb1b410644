namespace DashboardFactory.Kpis;

/// <summary>
/// Raw points and closed buckets of every KPI. The store, not the grain's memory, is the durable judge of
/// duplicates: a point id already stored for the code is not stored again, across restarts.
/// </summary>
public interface IKpiStore
{
    /// <summary>
    /// Stores the points whose id the KPI has not stored before (points without an id are always stored) and
    /// completes once they are durable. Returns, per point, whether it was stored (false: a duplicate).
    /// </summary>
    Task<IReadOnlyList<bool>> AppendAsync(string code, IReadOnlyList<KpiPoint> points, DateTimeOffset receivedAt);

    /// <summary>Writes closed buckets; a bucket written before is replaced (a late point changed it).</summary>
    Task SaveBucketsAsync(IReadOnlyList<KpiBucketRow> buckets);

    /// <summary>
    /// What a KPI needs when it activates: its minute buckets from the start of the UTC day holding the earlier of
    /// <paramref name="notBefore"/> and its latest point, and when a point last arrived.
    /// </summary>
    Task<KpiRecent> LoadRecentAsync(string code, DateTimeOffset notBefore);

    /// <summary>Buckets of <paramref name="period"/> over [from, to), oldest first, computed from the raw points.</summary>
    Task<IReadOnlyList<KpiSeriesPoint>> SeriesAsync(string code, KpiPeriod period, DateTimeOffset from, DateTimeOffset to);
}
