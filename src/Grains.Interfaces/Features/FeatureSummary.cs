using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>What the registry keeps of a feature: enough to list, check dependencies and build the base template.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.FeatureSummary")]
public sealed record FeatureSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] FeatureStage Stage,
    [property: Id(3)] string AuthorId,
    [property: Id(4)] IReadOnlyList<string> Dependencies,
    [property: Id(5)] string? LatestVersion,
    [property: Id(6)] FeatureRelease? Propagatable);
