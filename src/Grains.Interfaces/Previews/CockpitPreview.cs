using DashboardFactory.Cockpits;

namespace DashboardFactory.Previews;

/// <summary>
/// What a rollout message would do to one cockpit, computed without changing it: applied (with the JSON paths
/// of its conflicts) or skipped (with the reason's key, one of the skip reasons of the preview).
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Previews.CockpitPreview")]
public sealed record CockpitPreview(
    [property: Id(0)] UpdateOutcome Outcome,
    [property: Id(1)] string? SkipReason,
    [property: Id(2)] IReadOnlyList<string> Conflicts);
