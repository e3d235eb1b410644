namespace DashboardFactory.Snapshots;

[GenerateSerializer, Alias("DashboardFactory.Snapshots.SnapshotRetentionState")]
public sealed class SnapshotRetentionState
{
    [Id(0)] public DateTimeOffset? LastTrimmedAt { get; set; }

    [Id(1)] public long? LastRemoved { get; set; }
}
