using DashboardFactory.Cockpits;
using DashboardFactory.Fleet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DashboardFactory.Previews;

/// <summary>
/// Previews a release on one fleet-index shard: asks the shard which cockpits the rollout would target (and why
/// it leaves the others out), then has each target merge the release read-only, at most
/// <see cref="PreviewOptions.ConcurrencyPerShard"/> at a time. Holds no state; reentrant, so two admins
/// previewing at once do not queue behind each other.
/// </summary>
[Reentrant]
public sealed partial class ReleasePreviewGrain(IOptions<PreviewOptions> options, ILogger<ReleasePreviewGrain> logger) : Grain, IReleasePreviewGrain
{
    public async Task<ReleasePreview> PreviewAsync(FeatureRelease release, IReadOnlyList<string> cohorts)
    {
        var shard = (int)this.GetPrimaryKeyLong();
        var split = await GrainFactory.GetGrain<IFleetIndexShardGrain>(shard).ClassifyAsync(release, cohorts);
        var tally = new PreviewTally();
        tally.AddUntargeted(split.Skipped);

        // A fixed number of lanes, each previewing its next cockpit when the last one answered: the bound holds
        // without a semaphore, and every continuation runs on this activation, so the tally needs no lock.
        var next = 0;
        async Task LaneAsync()
        {
            while (next < split.Targets.Count)
            {
                var cockpitId = split.Targets[next++];
                try
                {
                    tally.Add(cockpitId, await GrainFactory.GetGrain<ICockpitGrain>(cockpitId).PreviewReleaseAsync(release));
                }
                catch (Exception error)
                {
                    LogPreviewFailed(error, cockpitId, release.FeatureId, release.Version);
                    tally.AddFailed();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(options.Value.ConcurrencyPerShard, split.Targets.Count)).Select(_ => LaneAsync()));
        return tally.ToPreview();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} could not preview {FeatureId} {Version}")]
    private partial void LogPreviewFailed(Exception error, string cockpitId, string featureId, string version);
}
