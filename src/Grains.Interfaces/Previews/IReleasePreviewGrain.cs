using DashboardFactory.Cockpits;

namespace DashboardFactory.Previews;

/// <summary>
/// Previews a release on the cockpits of one fleet-index shard (key: the shard number): each target cockpit
/// merges the release read-only, a bounded number at a time. One of these per shard spreads the fan-out over
/// the silos instead of issuing every cockpit call from the node that asked.
/// </summary>
[Alias("DashboardFactory.Previews.IReleasePreviewGrain")]
public interface IReleasePreviewGrain : IGrainWithIntegerKey
{
    [Alias("Preview")]
    Task<ReleasePreview> PreviewAsync(FeatureRelease release, IReadOnlyList<string> cohorts);
}
