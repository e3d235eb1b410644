namespace DashboardFactory.Api.Ops;

/// <summary>
/// One feature flag: <c>health</c> is healthy | warning | blocked with every reason in words; <c>owner</c> is the author
/// unless an admin set another (null: nobody); <c>pendingApproval</c> is the version waiting for an admin, if any;
/// <c>installations</c> counts cockpits that have it; <c>campaign</c> is its latest rollout.
/// </summary>
public sealed record OpsFlag(
    string Id,
    string Name,
    string Stage,
    string Health,
    IReadOnlyList<string> Reasons,
    string? Owner,
    IReadOnlyList<string> Cohorts,
    IReadOnlyList<string> Dependencies,
    IReadOnlyList<string> Dependents,
    string? LatestVersion,
    string? PendingApproval,
    int Installations,
    OpsCampaign? Campaign);
