using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;

namespace DashboardFactory.Previews;

/// <summary>The fleet-wide preview: one call per fleet-index shard, each shard previewing its own cockpits, then added up.</summary>
public static class ReleasePreviews
{
    public static async Task<ReleasePreview> PreviewAsync(IGrainFactory grains, FeatureRelease release, IReadOnlyList<string> cohorts)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(shard => grains.GetGrain<IReleasePreviewGrain>(shard).PreviewAsync(release, cohorts)));
        var tally = new PreviewTally();
        foreach (var part in parts)
        {
            tally.Add(part);
        }

        return tally.ToPreview();
    }
}
