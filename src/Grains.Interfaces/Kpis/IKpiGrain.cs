namespace DashboardFactory.Kpis;

/// <summary>
/// One KPI (key: its code). Ingests points (deduplicated by point id), keeps the open minute, hour and day
/// buckets, closes them as time passes and persists raw points and closed buckets in batches.
/// </summary>
[Alias("DashboardFactory.Kpis.IKpiGrain")]
public interface IKpiGrain : IGrainWithStringKey
{
    /// <summary>
    /// Points already validated by the caller (finite value, timestamp inside the accepted window). The result
    /// counts what was stored and what was a duplicate; the grain may still reject a point (e.g. older than the
    /// window by its own clock) and reports it with a reason.
    /// </summary>
    [Alias("Ingest")]
    Task<KpiIngestResult> IngestAsync(IReadOnlyList<KpiPoint> points);

    /// <summary>
    /// As <see cref="IngestAsync(IReadOnlyList{KpiPoint})"/>, for a batch of which <paramref name="rejectedBefore"/>
    /// points were already refused by the caller (the API): they are added to the KPI's reject count.
    /// </summary>
    [Alias("IngestChecked")]
    Task<KpiIngestResult> IngestAsync(IReadOnlyList<KpiPoint> points, int rejectedBefore);

    /// <summary>The current (open, or most recent) bucket for <paramref name="period"/>; null when the KPI has no data.</summary>
    [Alias("GetCurrent")]
    Task<KpiValue?> GetCurrentAsync(KpiPeriod period);

    /// <summary>
    /// History in buckets of <paramref name="period"/> whose start lies in [<paramref name="from"/>, <paramref name="to"/>),
    /// oldest first; computed from the stored raw points, so it includes late points.
    /// </summary>
    [Alias("GetSeries")]
    Task<IReadOnlyList<KpiSeriesPoint>> GetSeriesAsync(KpiPeriod period, DateTimeOffset from, DateTimeOffset to);

    /// <summary>
    /// Starts (or, with false, stops) pushing the changes of <paramref name="period"/>'s live buckets to its
    /// <see cref="IKpiStreamGrain"/>, and answers the current value at that instant: every later change is pushed.
    /// Called by the stream grain while it has subscribers, again at each of its checks, since the KPI grain keeps
    /// this in memory only.
    /// </summary>
    [Alias("Watch")]
    Task<KpiValue?> WatchAsync(KpiPeriod period, bool watch);

    /// <summary>Accepted, duplicate and rejected counts and staleness, for the command center.</summary>
    [Alias("GetQuality")]
    Task<KpiQuality> GetQualityAsync();
}
