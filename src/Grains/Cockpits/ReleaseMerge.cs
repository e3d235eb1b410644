using System.Text.Json.Nodes;
using DashboardFactory.Campaigns;
using DashboardFactory.Merging;
using DashboardFactory.Previews;

namespace DashboardFactory.Cockpits;

/// <summary>
/// What a rollout does to one cockpit, as plain functions: whether it skips the cockpit, and the three-way merge
/// it makes otherwise. The rollout and the read-only preview both call exactly these, so a preview cannot count
/// differently from the rollout that follows it.
/// </summary>
public static class ReleaseMerge
{
    public const string PolicyReason = "The cockpit's auto-update policy does not allow this change type.";

    /// <summary>Why a rollout message leaves the cockpit unchanged, or null when the release goes in.</summary>
    /// <param name="checkPolicy">Rollout messages check the policy again (it may have changed since targeting); a direct apply does not.</param>
    public static RolloutSkip? Skip(
        string cockpitId, bool exists, AutoUpdatePolicy policy, IReadOnlyDictionary<string, InstalledFeature> installed, FeatureRelease release, bool checkPolicy)
    {
        if (!exists)
        {
            return new RolloutSkip(SkipReasons.Missing, $"Cockpit '{cockpitId}' does not exist.");
        }

        if (checkPolicy && !policy.Allows(release.ChangeType))
        {
            return new RolloutSkip(SkipReasons.Policy, PolicyReason);
        }

        if (installed.TryGetValue(release.FeatureId, out var have) && !RolloutTargeting.IsNewer(release, have.Version))
        {
            return new RolloutSkip(SkipReasons.Installed, have.Version == release.Version
                ? $"{release.FeatureId} {release.Version} is already installed."
                : $"{release.FeatureId} {have.Version} is newer.");
        }

        return null;
    }

    /// <summary>
    /// <c>newPristine = apply(release, pristine)</c>, then <c>merge3(pristine, current, newPristine)</c>. Inputs are
    /// parsed here and never shared with the result, so a preview that throws the result away leaves nothing behind.
    /// </summary>
    public static (JsonObject NewPristine, MergeResult Merge) Merge(FeatureRelease release, string pristineJson, string documentJson)
    {
        var pristine = CockpitDocument.Parse(pristineJson);
        var current = CockpitDocument.Parse(documentJson);
        var newPristine = ReleaseApplier.Apply(release, pristine, current);
        return (newPristine, JsonMerge3.Merge(pristine, current, newPristine, CockpitTextPaths.IsText));
    }
}
