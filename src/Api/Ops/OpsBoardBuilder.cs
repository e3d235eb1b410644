using System.Globalization;
using DashboardFactory.Api.Campaigns;
using DashboardFactory.Api.Features;
using DashboardFactory.Campaigns;
using DashboardFactory.Features;
using DashboardFactory.Fleet;
using DashboardFactory.Kpis;
using DashboardFactory.Ops;
using DashboardFactory.Snapshots;

namespace DashboardFactory.Api.Ops;

/// <summary>Gathers the ops board from the grains that own each part; the health rules are <see cref="FlagHealth"/>'s.</summary>
public sealed class OpsBoardBuilder(IGrainFactory grains, TimeProvider time)
{
    public async Task<OpsBoard> BuildAsync()
    {
        var features = grains.GetGrain<IFeatureRegistryGrain>("default").ListAsync(null);
        var campaigns = LatestCampaignsAsync();
        var installations = InstallationsAsync();
        var kpis = KpisAsync();
        var silos = grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var schema = grains.GetGrain<ISchemaHistoryGrain>(0).GetAsync();
        var retention = grains.GetGrain<ISnapshotRetentionGrain>("default").StatusAsync();
        await Task.WhenAll(features, campaigns, installations, kpis, silos, schema, retention);

        var facts = features.Result.Select(f => new FlagFacts(f, campaigns.Result.GetValueOrDefault(f.Id))).ToList();
        var verdicts = FlagHealth.Evaluate(facts, kpis.Result.ToDictionary(k => k.Code, k => k.Stale, StringComparer.Ordinal));
        var dependents = FlagHealth.Dependents(features.Result);
        var flags = facts.Select(f => Flag(f, verdicts[f.Feature.Id], dependents.GetValueOrDefault(f.Feature.Id) ?? [], installations.Result)).ToList();

        return new OpsBoard(
            time.GetUtcNow(),
            flags,
            [.. silos.Result
                .OrderBy(s => s.Status == SiloStatus.Active ? 0 : 1)
                .ThenByDescending(s => s.StartTime)
                .Select(s => new OpsSilo(s.SiloAddress.ToParsableString(), s.SiloName, s.HostName, s.Status.ToString().ToLowerInvariant(),
                    new DateTimeOffset(DateTime.SpecifyKind(s.StartTime, DateTimeKind.Utc))))],
            schema.Result.Storage,
            [.. schema.Result.Migrations.Select(m => new OpsMigration($"{m.Version}_{m.Name}", m.AppliedAt))],
            kpis.Result,
            new OpsSnapshots(
                retention.Result.Retention.ToString("c", CultureInfo.InvariantCulture),
                retention.Result.TrimPeriod.ToString("c", CultureInfo.InvariantCulture),
                retention.Result.LastTrimmedAt,
                retention.Result.LastRemoved));
    }

    private static OpsFlag Flag(FlagFacts facts, FlagVerdict verdict, IReadOnlyList<string> dependents, IReadOnlyDictionary<string, int> installations)
    {
        var feature = facts.Feature;
        return new OpsFlag(
            feature.Id,
            feature.Name,
            FeatureJson.Stage(feature.Stage),
            verdict.Health.ToString().ToLowerInvariant(),
            verdict.Reasons,
            feature.EffectiveOwner,
            feature.Cohorts ?? [],
            feature.Dependencies,
            dependents,
            feature.LatestVersion,
            feature.PendingApproval,
            installations.GetValueOrDefault(feature.Id),
            facts.Campaign is { } c ? new OpsCampaign(c.Id, CampaignJson.State(c.Status), c.Applied, c.Total) : null);
    }

    /// <summary>Each feature's most recent campaign, read from the campaign itself for its counters.</summary>
    private async Task<IReadOnlyDictionary<string, CampaignView>> LatestCampaignsAsync()
    {
        var all = await grains.GetGrain<ICampaignDirectoryGrain>("default").ListAsync(null);
        var latest = all.GroupBy(c => c.FeatureId, StringComparer.Ordinal).Select(g => g.MaxBy(c => c.StartedAt)!).ToList();
        var views = await Task.WhenAll(latest.Select(c => grains.GetGrain<ICampaignGrain>(c.Id).GetAsync()));
        return views.OfType<CampaignView>().ToDictionary(v => v.FeatureId, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyDictionary<string, int>> InstallationsAsync()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => grains.GetGrain<IFleetIndexShardGrain>(s).InstallationCountsAsync()));
        return shards.SelectMany(s => s)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<OpsKpi>> KpisAsync()
    {
        var codes = await grains.GetGrain<IKpiDirectoryGrain>("default").ListAsync();
        var qualities = await Task.WhenAll(codes.Select(code => grains.GetGrain<IKpiGrain>(code).GetQualityAsync()));
        return [.. qualities.Select(q => new OpsKpi(q.Code, q.Stale, q.LastReceivedAt))];
    }
}
