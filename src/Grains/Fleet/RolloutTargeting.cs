using DashboardFactory.Cockpits;
using DashboardFactory.Previews;

namespace DashboardFactory.Fleet;

/// <summary>Who a release reaches: in the cohorts (if any), auto-update on and the policy allows the change type, not already at or past it.</summary>
public static class RolloutTargeting
{
    public static bool IsTarget(FleetEntry cockpit, FeatureRelease release, IReadOnlyCollection<string> cohorts) =>
        SkipReason(cockpit, release, cohorts) is null;

    /// <summary>Why the rollout leaves this cockpit out (a <see cref="SkipReasons"/> key), or null when it is a target.</summary>
    public static string? SkipReason(FleetEntry cockpit, FeatureRelease release, IReadOnlyCollection<string> cohorts)
    {
        // Outside the cohorts first: such a cockpit is not in the release's audience at all, whatever its policy.
        if (cohorts.Count > 0 && !cockpit.Cohorts.Any(cohorts.Contains))
        {
            return SkipReasons.Cohort;
        }

        if (!cockpit.AutoUpdate.Allows(release.ChangeType))
        {
            return SkipReasons.Policy;
        }

        return SemanticVersion.IsNewer(release.Version, cockpit.Features.GetValueOrDefault(release.FeatureId)) ? null : SkipReasons.Installed;
    }
}
