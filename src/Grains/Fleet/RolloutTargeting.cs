using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;
using DashboardFactory.Previews;

namespace DashboardFactory.Campaigns;

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

        return IsNewer(release, cockpit.Features.GetValueOrDefault(release.FeatureId)) ? null : SkipReasons.Installed;
    }

    /// <summary>Whether the release is above the installed version (true when none is installed or a version does not parse).</summary>
    public static bool IsNewer(FeatureRelease release, string? installed) =>
        installed is null
        || !SemanticVersion.TryParse(installed, out var have)
        || !SemanticVersion.TryParse(release.Version, out var offered)
        || have < offered;
}
