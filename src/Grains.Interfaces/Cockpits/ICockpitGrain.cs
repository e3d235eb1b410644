using Orleans.Concurrency;

namespace DashboardFactory.Cockpits;

/// <summary>One operator cockpit: its current and pristine documents, installed features, version and page.</summary>
[Alias("DashboardFactory.Cockpits.ICockpitGrain")]
public interface ICockpitGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<CockpitView> CreateAsync(NewCockpit cockpit, IReadOnlyList<FeatureRelease> baseTemplate);

    /// <summary>The cockpit, or null when it does not exist.</summary>
    [Alias("Get")]
    Task<CockpitView?> GetAsync();

    /// <summary>Applies an RFC 7396 merge patch for the owner or an admin; a stale <paramref name="ifMatch"/> fails with 412.</summary>
    [Alias("Patch")]
    Task<CockpitView> PatchAsync(string mergePatchJson, string? ifMatch, Caller caller);

    /// <summary>The page; when <paramref name="ifNoneMatch"/> is its ETag only the ETag comes back.</summary>
    [Alias("Render")]
    Task<RenderedCockpit?> RenderAsync(string? ifNoneMatch);

    /// <summary>Snapshot, then three-way merge the release in. The same feature version twice is skipped.</summary>
    [Alias("ApplyRelease")]
    Task<UpdateResult> ApplyReleaseAsync(FeatureRelease release);

    /// <summary>
    /// A campaign's rollout message: apply its release, then answer the campaign (<c>ICampaignGrain.AckAsync</c>).
    /// One-way, so the campaign never waits on a cockpit; it keeps its own window of unanswered cockpits and sends
    /// again to any that does not answer in time (applying a release twice is a no-op).
    /// </summary>
    [OneWay, Alias("ReceiveRollout")]
    Task ReceiveRolloutAsync(DashboardFactory.Campaigns.RolloutMessage message);

    /// <summary>
    /// What a rollout message carrying <paramref name="release"/> would do here (policy, installed version, three-way
    /// merge), computed read-only: nothing is written, snapshotted, published or indexed.
    /// </summary>
    [Alias("PreviewRelease")]
    Task<DashboardFactory.Previews.CockpitPreview> PreviewReleaseAsync(FeatureRelease release);

    /// <summary>Snapshot, then take the feature out by the reverse merge; its widgets always go.</summary>
    [Alias("RemoveFeature")]
    Task<UpdateResult> RemoveFeatureAsync(string featureId, string reason);

    /// <summary>
    /// Takes a rolled-back feature off this cockpit (by reverse merge, or by restoring the snapshot taken before
    /// its install), tells the owner and the cockpit's watchers. A cockpit without the feature is skipped, so
    /// calling it again after a crash does nothing twice.
    /// </summary>
    [Alias("RollbackFeature")]
    Task<UpdateResult> RollbackFeatureAsync(string featureId, DashboardFactory.Rollbacks.RollbackMode mode, string reason);

    /// <summary>
    /// Takes, renews or (with zero watchers) releases a node's lease on this cockpit's updates; answers the cockpit's
    /// revision, so a node can tell it missed an update while its lease was lost (the cockpit moved).
    /// </summary>
    [Alias("Watch")]
    Task<CockpitWatchAnswer> WatchAsync(CockpitWatch watch);

    [Alias("ListSnapshots")]
    Task<IReadOnlyList<SnapshotSummary>> ListSnapshotsAsync();

    [Alias("GetSnapshot")]
    Task<Snapshot?> GetSnapshotAsync(string snapshotId);

    /// <summary>Snapshots the present state, then restores <paramref name="snapshotId"/>.</summary>
    [Alias("RestoreSnapshot")]
    Task<CockpitView> RestoreSnapshotAsync(string snapshotId, Caller caller);
}
