namespace DashboardFactory.Fleet;

/// <summary>Which cockpits a page holds: those with the feature installed and/or in the cohort (and/or of the owner), after a cockpit id.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Fleet.FleetFilter")]
public sealed record FleetFilter(
    [property: Id(0)] string? Feature,
    [property: Id(1)] string? Cohort,
    [property: Id(2)] string? AfterId,
    [property: Id(3)] int Limit,
    [property: Id(4)] string? Owner = null);
