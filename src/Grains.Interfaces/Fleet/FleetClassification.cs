namespace DashboardFactory.Fleet;

/// <summary>A shard's cockpits split by the rollout targeting: the targets, and how many were left out for each reason.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Fleet.FleetClassification")]
public sealed record FleetClassification(
    [property: Id(0)] IReadOnlyList<string> Targets,
    [property: Id(1)] IReadOnlyDictionary<string, int> Skipped);
