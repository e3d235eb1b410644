using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>One feature of GET /api/features: <c>owner</c> is the author unless an admin set another (null: nobody).</summary>
public sealed record FeatureSummaryResponse(
    string Id,
    string Name,
    string Stage,
    string AuthorId,
    string? Owner,
    IReadOnlyList<string> Cohorts,
    string? LatestVersion,
    string? PendingApproval,
    IReadOnlyList<string> Dependencies)
{
    public static FeatureSummaryResponse From(FeatureSummary summary) => new(
        summary.Id, summary.Name, FeatureJson.Stage(summary.Stage), summary.AuthorId, summary.EffectiveOwner, summary.Cohorts ?? [],
        summary.LatestVersion, summary.PendingApproval, summary.Dependencies);
}
