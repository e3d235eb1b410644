namespace DashboardFactory.Snapshots;

/// <summary>One per cluster (key "default"): trims snapshots older than the retention, on a reminder.</summary>
[Alias("DashboardFactory.Snapshots.ISnapshotRetentionGrain")]
public interface ISnapshotRetentionGrain : IGrainWithStringKey
{
    /// <summary>Registers the trim reminder if it is not there yet. Every silo calls this at start.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    /// <summary>Trims now; returns how many snapshots were removed.</summary>
    [Alias("TrimNow")]
    Task<long> TrimNowAsync();

    /// <summary>The retention settings and the last trim, for the ops board.</summary>
    [Alias("Status")]
    Task<SnapshotRetentionStatus> StatusAsync();
}
