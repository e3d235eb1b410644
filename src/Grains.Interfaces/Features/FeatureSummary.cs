using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>
/// What the registry keeps of a feature: enough to list, check dependencies, build the base template and judge its
/// health on the ops board (owner, cohorts, a release waiting for approval, the KPIs its widget shows).
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.FeatureSummary")]
public sealed record FeatureSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] FeatureStage Stage,
    [property: Id(3)] string AuthorId,
    [property: Id(4)] IReadOnlyList<string> Dependencies,
    [property: Id(5)] string? LatestVersion,
    [property: Id(6)] FeatureRelease? Propagatable,
    [property: Id(7)] string? Owner = null,
    [property: Id(8)] IReadOnlyList<string>? Cohorts = null,
    [property: Id(9)] string? PendingApproval = null,
    [property: Id(10)] IReadOnlyList<string>? WidgetKpis = null,
    [property: Id(11)] string? DeprecationNotice = null,
    [property: Id(12)] bool OwnerAssigned = false)
{
    /// <summary>The owner; summaries stored before owners existed say nothing, and then the author owns it.</summary>
    public string? EffectiveOwner => Owner ?? (OwnerAssigned ? null : AuthorId);
}
