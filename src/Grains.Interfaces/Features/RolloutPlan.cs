using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>What a release's campaign would roll out and to which cohorts (all when empty): the campaign and the preview both use it.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.RolloutPlan")]
public sealed record RolloutPlan(
    [property: Id(0)] FeatureRelease Release,
    [property: Id(1)] IReadOnlyList<string> Cohorts);
