using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>Which of a feature's releases may roll out now, and what its campaign rolls out to whom.</summary>
public static class FeatureReleases
{
    /// <summary>The newest release the routing lets through (<see cref="ReleaseRouting.MayPropagate"/>), or null.</summary>
    public static RolloutPlan? LatestPropagatable(string featureId, FeatureState state)
    {
        for (var i = state.Releases.Count - 1; i >= 0; i--)
        {
            if (MayPropagate(state, i))
            {
                return Plan(featureId, state, state.Releases[i].Spec);
            }
        }

        return null;
    }

    public static bool MayPropagate(FeatureState state, int index) =>
        ReleaseRouting.MayPropagate(state.Stage, state.Releases[index], index > 0 ? state.Releases[index - 1].Spec.Version : null);

    /// <summary>What a release's campaign rolls out and to whom: the release's cohorts, else the feature's. The campaign and the preview both come from here.</summary>
    public static RolloutPlan Plan(string featureId, FeatureState state, ReleaseSpec spec) => new(
        new FeatureRelease(featureId, spec.Version, spec.ChangeType, spec.Widget, spec.Injection, spec.Quadrant),
        spec.Cohorts.Count > 0 ? spec.Cohorts : [.. state.Cohorts]);

    /// <summary>The newest release, when it still waits for an admin's approval.</summary>
    public static string? PendingApproval(FeatureState state) =>
        state.Releases.LastOrDefault() is { ApprovedBy: null } last && ReleaseRouting.NeedsAdminApproval(last.Spec.ChangeType) ? last.Spec.Version : null;
}
