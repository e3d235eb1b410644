namespace DashboardFactory.Cockpits;

/// <summary>What applying or removing a feature did to one cockpit; conflicts are JSON paths, never dropped.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.UpdateResult")]
public sealed record UpdateResult(
    [property: Id(0)] UpdateOutcome Outcome,
    [property: Id(1)] string? Reason,
    [property: Id(2)] IReadOnlyList<string> Conflicts,
    [property: Id(3)] string Version,
    [property: Id(4)] string? SnapshotId);
