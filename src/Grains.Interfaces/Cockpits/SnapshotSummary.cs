namespace DashboardFactory.Cockpits;

/// <summary>A snapshot without its documents; <see cref="BeforeInstalling"/> is the feature whose install it preceded, if any.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.SnapshotSummary")]
public sealed record SnapshotSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Version,
    [property: Id(2)] DateTimeOffset TakenAt,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? BeforeInstalling);
