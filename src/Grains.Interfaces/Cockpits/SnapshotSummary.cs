namespace DashboardFactory.Cockpits;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.SnapshotSummary")]
public sealed record SnapshotSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Version,
    [property: Id(2)] DateTimeOffset TakenAt,
    [property: Id(3)] string Reason);
