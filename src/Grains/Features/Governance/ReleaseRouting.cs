using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>Whether a release may roll out, who must approve it, and which cockpits it reaches.</summary>
public static class ReleaseRouting
{
    /// <summary>
    /// The single gate for rollouts. It fails closed: anything it cannot verify (an unknown change type, a version
    /// that does not parse) keeps the release where it is.
    /// </summary>
    /// <param name="previousVersion">The release before this one; null for a feature's first release.</param>
    public static bool MayPropagate(FeatureStage stage, ReleaseRecord release, string? previousVersion)
    {
        ArgumentNullException.ThrowIfNull(release);

        if (stage is not (FeatureStage.Approved or FeatureStage.Foundational) || release.Spec is null)
        {
            return false;
        }

        var approved = !string.IsNullOrWhiteSpace(release.ApprovedBy);
        return release.Spec.ChangeType switch
        {
            ChangeType.Safe => true,
            ChangeType.Reviewed => approved,
            ChangeType.Breaking => approved
                && !string.IsNullOrWhiteSpace(release.Spec.MigrationGuide)
                && IsMajorBump(release.Spec.Version, previousVersion),
            _ => false,
        };
    }

    public static bool NeedsAdminApproval(ChangeType change) => change != ChangeType.Safe;

    /// <summary>Whether a rollout updates a cockpit by itself; BREAKING only where the policy opts into it.</summary>
    public static bool ReachesCockpit(ChangeType change, AutoUpdatePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Enum.IsDefined(change) && policy.Allows(change);
    }

    private static bool IsMajorBump(string version, string? previousVersion)
    {
        if (!SemanticVersion.TryParse(version, out var current))
        {
            return false;
        }

        if (previousVersion is null)
        {
            return true;
        }

        return SemanticVersion.TryParse(previousVersion, out var previous) && current.Value.Major > previous.Value.Major;
    }
}
