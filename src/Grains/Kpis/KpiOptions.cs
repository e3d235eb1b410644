namespace DashboardFactory.Kpis;

/// <summary>The "Kpis" section: what ingestion accepts and when a KPI counts as stale.</summary>
public sealed class KpiOptions
{
    public const string Section = "Kpis";

    /// <summary>
    /// How far in the past a point's timestamp may lie. Late points inside it land in their own bucket; older
    /// ones are rejected. It also bounds what the grain keeps in memory (buckets and recent point ids).
    /// </summary>
    public TimeSpan AcceptWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far in the future a timestamp may lie (clock skew of the sender).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>No data for longer than this makes a KPI stale and raises a "kpi.stale" alert.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an active KPI grain checks for staleness and writes closed buckets.</summary>
    public TimeSpan CheckPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most points one POST may carry; a bigger batch is refused whole with 413.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>Most buckets one series request may return (e.g. 30 days of minutes is refused).</summary>
    public int MaxSeriesBuckets { get; set; } = 5000;

    /// <summary>
    /// Most point ids a KPI keeps in memory for fast duplicate answers; older ones are left to the store's
    /// unique constraint (see RecentIds).
    /// </summary>
    public int MaxRecentIds { get; set; } = 100_000;

    /// <summary>Embedded mode only: how long the in-memory store keeps raw points.</summary>
    public TimeSpan MemoryRetention { get; set; } = TimeSpan.FromDays(31);

    public bool IsValid() =>
        AcceptWindow > TimeSpan.Zero && AcceptWindow <= TimeSpan.FromDays(31)
        && MaxFutureSkew >= TimeSpan.Zero
        && StaleAfter > TimeSpan.Zero
        && CheckPeriod > TimeSpan.Zero
        && MaxBatch is > 0 and <= 100_000
        && MaxSeriesBuckets > 0
        && MaxRecentIds >= 0
        && MemoryRetention >= AcceptWindow;
}
