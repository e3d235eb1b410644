using DashboardFactory.Cockpits;

namespace DashboardFactory.Fleet;

/// <summary>
/// What the fleet index knows of one cockpit: enough to page, filter and pick rollout targets. OwnerId lets
/// a non-admin list only their own cockpits; entries written before it existed carry null until their cockpit
/// next saves.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Fleet.FleetEntry")]
public sealed record FleetEntry(
    [property: Id(0)] string CockpitId,
    [property: Id(1)] string Version,
    [property: Id(2)] IReadOnlyList<string> Cohorts,
    [property: Id(3)] IReadOnlyDictionary<string, string> Features,
    [property: Id(4)] AutoUpdatePolicy AutoUpdate,
    [property: Id(5)] DateTimeOffset UpdatedAt,
    [property: Id(6)] string? OwnerId = null);
