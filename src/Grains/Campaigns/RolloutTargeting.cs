using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;

namespace DashboardFactory.Campaigns;

/// <summary>Who a release reaches: auto-update on, policy allows the change type, in the cohorts (if any), not already at or past it.</summary>
public static class RolloutTargeting
{
    public static bool IsTarget(FleetEntry cockpit, FeatureRelease release, IReadOnlyCollection<string> cohorts)
    {
        if (!cockpit.AutoUpdate.Allows(release.ChangeType))
        {
            return false;
        }

        if (cohorts.Count > 0 && !cockpit.Cohorts.Any(cohorts.Contains))
        {
            return false;
        }

        return !cockpit.Features.TryGetValue(release.FeatureId, out var installed)
            || !SemanticVersion.TryParse(installed, out var have)
            || !SemanticVersion.TryParse(release.Version, out var offered)
            || have < offered;
    }
}
