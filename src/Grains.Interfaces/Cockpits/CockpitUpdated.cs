namespace DashboardFactory.Cockpits;

/// <summary>
/// Raised by a cockpit after every change it persists; API nodes forward it to SignalR as "cockpitUpdated".
/// <see cref="UpdatedAt"/> is set before the state is written, <see cref="PublishedAt"/> once it is (and indexed),
/// as the event leaves the grain, so push latency can be measured from the write.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.CockpitUpdated")]
public sealed record CockpitUpdated(
    [property: Id(0)] string CockpitId,
    [property: Id(1)] string Version,
    [property: Id(2)] IReadOnlyList<string> NewFeatures,
    [property: Id(3)] IReadOnlyList<string> RemovedFeatures,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateTimeOffset? PublishedAt = null,
    [property: Id(7)] long Revision = 0);
