using System.Text.Json.Nodes;
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
    public async Task<JsonObject> BuildAsync(DateTimeOffset now)
    {
        var fleet = FleetAsync();
        var campaigns = grains.GetGrain<ICampaignDirectoryGrain>("default").ListAsync(null);
        var alerts = grains.GetGrain<IAlertHistoryGrain>(AlertEvent.Admins).RecentAsync(options.Value.RecentAlerts);
        var kpis = KpisAsync();
        await Task.WhenAll(fleet, campaigns, alerts, kpis);

        var campaignList = campaigns.Result;
        return new JsonObject
        {
            ["generatedAt"] = now,
            ["cockpits"] = fleet.Result,
            ["campaigns"] = new JsonObject
            {
                ["total"] = campaignList.Count,
                ["byState"] = new JsonObject([.. campaignList.GroupBy(c => CampaignJson.State(c.Status)).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))]),
                ["recent"] = new JsonArray([.. campaignList.OrderByDescending(c => c.StartedAt).Take(10).Select(c => (JsonNode)CampaignJson.Summary(c))]),
            },
            ["kpis"] = kpis.Result,
            ["alerts"] = new JsonArray([.. alerts.Result.Select(a => (JsonNode)new JsonObject
            {
                ["at"] = a.At,
                ["kind"] = a.Kind,
                ["message"] = a.Message,
                ["featureId"] = a.FeatureId,
                ["cockpitId"] = a.CockpitId,
            })]),
        };
    }

    private async Task<JsonObject> FleetAsync()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(n => grains.GetGrain<IFleetIndexShardGrain>(n).QueryAsync(new FleetFilter(null, null, null, int.MaxValue))));
        var entries = shards.SelectMany(s => s).ToList();
        return new JsonObject
        {
            ["count"] = entries.Count,
            ["versions"] = new JsonObject([.. entries.GroupBy(e => e.Version).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count()))]),
        };
    }

    private async Task<JsonArray> KpisAsync()
    {
        var codes = await grains.GetGrain<IKpiDirectoryGrain>("default").ListAsync();
        var rows = await Task.WhenAll(codes.Select(async code =>
        {
            var kpi = grains.GetGrain<IKpiGrain>(code);
            var quality = await kpi.GetQualityAsync();
            var values = await Task.WhenAll(KpiPeriods.All.Select(kpi.GetCurrentAsync));
            var row = new JsonObject
            {
                ["code"] = code,
                ["stale"] = quality.Stale,
                ["lastReceivedAt"] = quality.LastReceivedAt,
                ["accepted"] = quality.Accepted,
                ["duplicates"] = quality.Duplicates,
                ["rejected"] = quality.Rejected,
            };
            foreach (var (period, value) in KpiPeriods.All.Zip(values))
            {
                row[period.ToWire()] = value is null ? null : KpiJson.Value(value);
            }

            return (JsonNode)row;
        }));
        return new JsonArray(rows);
    }
}
