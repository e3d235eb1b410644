namespace DashboardFactory.Cockpits;

/// <summary>Raised by a cockpit after every change it persists; API nodes forward it to SignalR as "cockpitUpdated".</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.CockpitUpdated")]
public sealed record CockpitUpdated(
    [property: Id(0)] string CockpitId,
    [property: Id(1)] string Version,
    [property: Id(2)] IReadOnlyList<string> NewFeatures,
    [property: Id(3)] IReadOnlyList<string> RemovedFeatures,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string Reason);
