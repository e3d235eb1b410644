using DashboardFactory.Audit;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>One feature (widget): its stage, releases, XP-weighted votes, tally and campaigns.</summary>
[Alias("DashboardFactory.Features.IFeatureGrain")]
public interface IFeatureGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<FeatureView> CreateAsync(NewFeature feature);

    [Alias("Get")]
    Task<FeatureView?> GetAsync();

    /// <summary>Validates and records a release (409 when the version is not above the latest, 422 otherwise).</summary>
    [Alias("ProposeRelease")]
    Task<FeatureView> ProposeReleaseAsync(ReleaseSpec release, Caller caller);

    /// <summary>Casts or replaces the caller's vote, weighted by their XP now; moves the stage if the tally says so.</summary>
    [Alias("Vote")]
    Task<FeatureView> VoteAsync(Caller voter, bool approve);

    /// <summary>An admin approves a REVIEWED or BREAKING release so it may roll out.</summary>
    [Alias("ApproveRelease")]
    Task<FeatureView> ApproveReleaseAsync(string version, string adminId);

    [Alias("Deprecate")]
    Task<FeatureView> DeprecateAsync(string reason, string actor);

    /// <summary>An admin lifts a deprecation; the stage then follows the tally again.</summary>
    [Alias("Undeprecate")]
    Task<FeatureView> UndeprecateAsync(string adminId);

    /// <summary>The newest release that may roll out now, as cockpits apply it; null when none may.</summary>
    [Alias("Propagatable")]
    Task<FeatureRelease?> PropagatableAsync();

    /// <summary>An admin sets the owner (null: nobody) and/or the cohorts that rollouts target when a release names none.</summary>
    [Alias("Update")]
    Task<FeatureView> UpdateAsync(FeatureChange change, string adminId);

    /// <summary>
    /// What the campaign of release <paramref name="version"/> would roll out and to whom, for its preview; for an admin
    /// or the author (403 otherwise, 404 for an unknown version).
    /// </summary>
    [Alias("RolloutPlan")]
    Task<RolloutPlan> RolloutPlanAsync(string version, Caller caller);

    [Alias("History")]
    Task<IReadOnlyList<AuditEntry>> HistoryAsync();
}
