using System.Text.Json.Nodes;
using DashboardFactory.Merging;
using DashboardFactory.Previews;

namespace DashboardFactory.Cockpits;

/// <summary>
/// What a rollout does to one cockpit, as plain functions: whether it skips the cockpit, and the three-way merge
/// it makes otherwise. The rollout and the read-only preview both call exactly these, so a preview cannot count
/// differently from the rollout that follows it. Removal is the same merge run backwards.
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
            return new RolloutSkip(UpdateCode.CockpitMissing, $"Cockpit '{cockpitId}' does not exist.");
        }

        if (checkPolicy && !policy.Allows(release.ChangeType))
        {
            return new RolloutSkip(UpdateCode.PolicyRefuses, PolicyReason);
        }

        if (installed.TryGetValue(release.FeatureId, out var have) && !SemanticVersion.IsNewer(release.Version, have.Version))
        {
            return have.Version == release.Version
                ? new RolloutSkip(UpdateCode.AlreadyInstalled, $"{release.FeatureId} {release.Version} is already installed.")
                : new RolloutSkip(UpdateCode.NewerInstalled, $"{release.FeatureId} {have.Version} is newer.");
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

    /// <summary>What a rollout message would do to the cockpit in <paramref name="state"/>, computed read-only.</summary>
    public static CockpitPreview Preview(string cockpitId, CockpitState state, FeatureRelease release)
    {
        if (Skip(cockpitId, state.Exists, state.AutoUpdate, state.InstalledFeatures, release, checkPolicy: true) is { } skip)
        {
            return new CockpitPreview(UpdateOutcome.Skipped, skip.Key, []);
        }

        var (_, merge) = Merge(release, state.PristineJson, state.DocumentJson);
        return new CockpitPreview(UpdateOutcome.Applied, null, [.. merge.Conflicts.Select(c => c.Path)]);
    }

    /// <summary>
    /// <c>newPristine = remove(feature, pristine)</c>, then <c>merge3(pristine, current, newPristine)</c>, with the one
    /// exception to "the operator wins": the feature's widgets go even if the operator edited them (a bad widget must
    /// go; the edited copy stays in the snapshot taken before).
    /// </summary>
    public static (JsonObject NewPristine, MergeResult Merge) Remove(string featureId, string pristineJson, string documentJson)
    {
        var pristine = CockpitDocument.Parse(pristineJson);
        var current = CockpitDocument.Parse(documentJson);
        var newPristine = ReleaseApplier.Remove(featureId, pristine);
        var merge = JsonMerge3.Merge(pristine, current, newPristine, CockpitTextPaths.IsText);
        var widgets = CockpitDocument.Widgets((JsonObject)merge.Merged!);
        foreach (var id in ReleaseApplier.OwnedBy(widgets, featureId))
        {
            widgets.Remove(id);
        }

        return (newPristine, merge);
    }
}
