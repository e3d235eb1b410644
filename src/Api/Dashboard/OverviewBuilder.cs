using DashboardFactory.Alerts;
using DashboardFactory.Api.Campaigns;
using DashboardFactory.Api.Kpis;
using DashboardFactory.Campaigns;
using DashboardFactory.Fleet;
using DashboardFactory.Kpis;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Dashboard;

/// <summary>Gathers the command center's overview (seed 002) from the grains that own each part.</summary>
public sealed class OverviewBuilder(IGrainFactory grains, IOptions<DashboardOptions> options)
{
    public async Task<OverviewResponse> BuildAsync(DateTimeOffset now)
    {
        var fleet = FleetAsync();
        var campaigns = grains.GetGrain<ICampaignDirectoryGrain>("default").ListAsync(null);
        var alerts = grains.GetGrain<IAlertHistoryGrain>(AlertEvent.Admins).RecentAsync(options.Value.RecentAlerts);
        var kpis = KpisAsync();
        await Task.WhenAll(fleet, campaigns, alerts, kpis);

        var campaignList = campaigns.Result;
        return new OverviewResponse(
            now,
            fleet.Result,
            new OverviewCampaigns(
                campaignList.Count,
                Counts(campaignList.Select(c => CampaignJson.State(c.Status))),
                [.. campaignList.OrderByDescending(c => c.StartedAt).Take(10).Select(CampaignSummaryResponse.From)]),
            kpis.Result,
            [.. alerts.Result.Select(AlertResponse.From)]);
    }

    private async Task<OverviewFleet> FleetAsync()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(n => grains.GetGrain<IFleetIndexShardGrain>(n).QueryAsync(new FleetFilter(null, null, null, int.MaxValue))));
        var entries = shards.SelectMany(s => s).ToList();
        return new OverviewFleet(entries.Count, Counts(entries.Select(e => e.Version)));
    }

    private async Task<List<OverviewKpi>> KpisAsync()
    {
        var codes = await grains.GetGrain<IKpiDirectoryGrain>("default").ListAsync();
        var rows = await Task.WhenAll(codes.Select(async code =>
        {
            var kpi = grains.GetGrain<IKpiGrain>(code);
            var quality = await kpi.GetQualityAsync();
            var values = await Task.WhenAll(KpiPeriods.All.Select(kpi.GetCurrentAsync));
            var current = KpiPeriods.All.Zip(values).ToDictionary(p => p.First, p => p.Second is null ? null : KpiValueResponse.From(p.Second));
            return new OverviewKpi(code, quality.Stale, quality.LastReceivedAt, quality.Accepted, quality.Duplicates, quality.Rejected,
                current[KpiPeriod.Minute], current[KpiPeriod.Hour], current[KpiPeriod.Day]);
        }));
        return [.. rows];
    }

    /// <summary>How often each key occurs, in ordinal key order.</summary>
    private static SortedDictionary<string, int> Counts(IEnumerable<string> keys) =>
        new(keys.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
}
