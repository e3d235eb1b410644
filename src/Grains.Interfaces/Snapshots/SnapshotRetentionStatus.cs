namespace DashboardFactory.Snapshots;

/// <summary>How long snapshots are kept, how often they are trimmed, and what the last trim did (null before the first).</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Snapshots.SnapshotRetentionStatus")]
public sealed record SnapshotRetentionStatus(
    [property: Id(0)] TimeSpan Retention,
    [property: Id(1)] TimeSpan TrimPeriod,
    [property: Id(2)] DateTimeOffset? LastTrimmedAt,
    [property: Id(3)] long? LastRemoved);
