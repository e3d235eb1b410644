using DashboardFactory.Errors;
using DashboardFactory.Limits;

namespace DashboardFactory.Cockpits;

/// <summary>
/// The factory's changes to a cockpit's state, as plain functions: a new cockpit from the base template, a release
/// merged in, a feature taken out, a snapshot put back. The grain snapshots before, and saves and announces after.
/// </summary>
public static class CockpitChanges
{
    /// <summary>A new cockpit with the base template installed, or a <see cref="DomainException"/> (invalid) for unusable cohorts.</summary>
    public static CockpitState Create(NewCockpit request, IReadOnlyList<FeatureRelease> baseTemplate, LimitsOptions limits, DateTimeOffset now)
    {
        var cohorts = request.Cohorts.Distinct(StringComparer.Ordinal).ToList();
        if (cohorts.Count > limits.MaxCohorts || !cohorts.All(Ids.IsValid))
        {
            throw DomainException.Invalid("The cockpit is not valid; nothing was created.", new Dictionary<string, string[]>
            {
                ["cohorts"] = [$"At most {limits.MaxCohorts} ids (Limits:MaxCohorts)."],
            });
        }

        var document = CockpitDocument.Empty(request.Title);
        var installed = new Dictionary<string, InstalledFeature>(StringComparer.Ordinal);
        foreach (var release in baseTemplate)
        {
            document = ReleaseApplier.Apply(release, document, document);
            installed[release.FeatureId] = new InstalledFeature(release.Version, now);
        }

        return new CockpitState
        {
            Exists = true,
            OwnerId = request.OwnerId,
            Cohorts = cohorts,
            AutoUpdate = request.AutoUpdate,
            DocumentJson = document.ToJsonString(),
            PristineJson = document.ToJsonString(),
            InstalledFeatures = installed,
            CreatedAt = now,
            UpdatedAt = now,
            Revision = 1,
        };
    }

    /// <summary>Merges the release in (see <see cref="ReleaseMerge.Merge"/>) and bumps the version by its change type.</summary>
    /// <param name="snapshotId">The snapshot taken just before, which the result names.</param>
    public static UpdateResult Install(CockpitState state, FeatureRelease release, DateTimeOffset now, string snapshotId)
    {
        var (newPristine, merge) = ReleaseMerge.Merge(release, state.PristineJson, state.DocumentJson);
        state.DocumentJson = merge.Merged!.ToJsonString();
        state.PristineJson = newPristine.ToJsonString();
        state.InstalledFeatures[release.FeatureId] = new InstalledFeature(release.Version, now);
        state.Version = SemanticVersion.Parse(state.Version).Bump(release.ChangeType).ToString();
        return new UpdateResult(UpdateCode.Installed, null, [.. merge.Conflicts.Select(c => c.Path)], state.Version, snapshotId);
    }

    /// <summary>Takes the feature out (see <see cref="ReleaseMerge.Remove"/>); a removal is a SAFE change.</summary>
    public static UpdateResult Remove(CockpitState state, string featureId, string snapshotId)
    {
        var (newPristine, merge) = ReleaseMerge.Remove(featureId, state.PristineJson, state.DocumentJson);
        state.DocumentJson = merge.Merged!.ToJsonString();
        state.PristineJson = newPristine.ToJsonString();
        state.InstalledFeatures.Remove(featureId);
        state.Version = SemanticVersion.Parse(state.Version).Bump(ChangeType.Safe).ToString();
        return new UpdateResult(UpdateCode.Removed, null, [.. merge.Conflicts.Select(c => c.Path)], state.Version, snapshotId);
    }

    /// <summary>Puts the cockpit back as the snapshot holds it; says which features that brought back and which it took away.</summary>
    public static (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) Restore(CockpitState state, Snapshot snapshot)
    {
        var before = state.InstalledFeatures.Keys.ToHashSet(StringComparer.Ordinal);
        state.DocumentJson = snapshot.DocumentJson;
        state.PristineJson = snapshot.PristineJson;
        state.InstalledFeatures = new Dictionary<string, InstalledFeature>(snapshot.InstalledFeatures, StringComparer.Ordinal);
        state.Version = snapshot.Version;
        return ([.. snapshot.InstalledFeatures.Keys.Where(f => !before.Contains(f))], [.. before.Where(f => !snapshot.InstalledFeatures.ContainsKey(f))]);
    }
}
