using DashboardFactory.Errors;
using DashboardFactory.Rendering;
using DashboardFactory.Snapshots;

namespace DashboardFactory.Cockpits;

/// <summary>
/// One cockpit's snapshots: taken before every factory change and restore, found again by what they preceded, read
/// back with their page rendered then (see <see cref="Snapshot.Html"/>). The store keeps them outside grain state.
/// </summary>
public sealed class CockpitHistory(string cockpitId, ISnapshotStore store, TimeProvider time, string pagePolicy)
{
    /// <summary>Saves the cockpit as <paramref name="state"/> has it now; the id comes from the revision and the change, so a retried change saves it once.</summary>
    /// <param name="beforeInstalling">The feature about to be installed, when that is the change.</param>
    public async Task<Snapshot> TakeAsync(CockpitState state, string reason, string? beforeInstalling = null)
    {
        var snapshot = new Snapshot(
            CockpitId: cockpitId,
            Id: SnapshotIds.For(state.Revision, reason),
            Version: state.Version,
            TakenAt: time.GetUtcNow(),
            Reason: reason,
            DocumentJson: state.DocumentJson,
            PristineJson: state.PristineJson,
            Html: null,
            InstalledFeatures: new Dictionary<string, InstalledFeature>(state.InstalledFeatures, StringComparer.Ordinal),
            BeforeInstalling: beforeInstalling);
        await store.SaveAsync(snapshot);
        return snapshot;
    }

    /// <summary>Newest first.</summary>
    public Task<IReadOnlyList<SnapshotSummary>> ListAsync() => store.ListAsync(cockpitId);

    public async Task<Snapshot?> GetAsync(string snapshotId)
    {
        var snapshot = await store.GetAsync(cockpitId, snapshotId);
        return snapshot is { Html: null }
            ? snapshot with { Html = CockpitRenderer.Render(cockpitId, snapshot.Version, CockpitDocument.Parse(snapshot.DocumentJson), pagePolicy).Html }
            : snapshot;
    }

    /// <summary>The snapshot, without its page; not found is the caller's 404.</summary>
    public async Task<Snapshot> GetForRestoreAsync(string snapshotId) =>
        await store.GetAsync(cockpitId, snapshotId)
        ?? throw DomainException.NotFound($"Cockpit '{cockpitId}' has no snapshot '{snapshotId}'.");

    /// <summary>The snapshot taken just before the last install of <paramref name="featureId"/>, if it is still kept.</summary>
    public async Task<SnapshotSummary?> BeforeInstallOfAsync(string featureId) =>
        (await ListAsync()).FirstOrDefault(s => s.BeforeInstalling == featureId);
}
