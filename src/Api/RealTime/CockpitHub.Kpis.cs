using DashboardFactory.Kpis;
using DashboardFactory.Limits;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Live KPIs on the hub. A connection subscribes to (code, period) and gets the current value at once; the node's
/// <see cref="KpiRelay"/> holds the lease that makes the KPI stream grain publish and fills the group. Switching
/// period is UnsubscribeKpi then SubscribeKpi; the relay releases what a dropped connection held (<see cref="ConnectionLifetimeHubFilter"/>).
/// </summary>
public sealed partial class CockpitHub
{
    // ':' cannot occur in an id, so a KPI group never collides with a cockpit group or "admins".
    public static string KpiGroup(string streamKey) => "kpi:" + streamKey;

    /// <summary>
    /// The current value; "kpiValue" pushes follow while subscribed. A KPI that never accepted a point is refused as not
    /// found before anything is leased, so invented codes cost no stream grain, lease or timer.
    /// </summary>
    public async Task<KpiValueMessage?> SubscribeKpi(string code, string period, [FromServices] KpiRelay kpis, [FromServices] IGrainFactory grains,
        [FromServices] IOptions<LimitsOptions> limits)
    {
        var p = ValidKpi(code, period);
        var kpi = grains.GetGrain<IKpiGrain>(code);
        if (await kpi.GetCurrentAsync(p) is null)
        {
            throw new HubException($"Not found: KPI '{code}' has no data (it never accepted a point).");
        }

        switch (await kpis.SubscribeAsync(Context.ConnectionId, code, p))
        {
            case KpiSubscribeOutcome.Gone:
                return null;
            case KpiSubscribeOutcome.ConnectionFull:
                throw new HubException($"Too many KPI subscriptions: a connection may hold {limits.Value.MaxKpiSubscriptionsPerConnection} (Limits:MaxKpiSubscriptionsPerConnection); unsubscribe from one first.");
            case KpiSubscribeOutcome.UserFull:
                throw new HubException($"Too many KPI subscriptions: a user may hold {limits.Value.MaxKpiSubscriptionsPerUser} on one API node (Limits:MaxKpiSubscriptionsPerUser), hub, SSE and GraphQL together.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, KpiGroup(KpiStreamKey.Format(code, p)), Context.ConnectionAborted);
        var current = await kpi.GetCurrentAsync(p);
        return current is null ? null : KpiValueMessage.From(current);
    }

    public async Task UnsubscribeKpi(string code, string period, [FromServices] KpiRelay kpis)
    {
        var p = ValidKpi(code, period);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, KpiGroup(KpiStreamKey.Format(code, p)), Context.ConnectionAborted);
        await kpis.UnsubscribeAsync(Context.ConnectionId, code, p);
    }

    private static KpiPeriod ValidKpi(string code, string period)
    {
        if (!Ids.IsValid(code))
        {
            throw new HubException($"A KPI code must match {Ids.Pattern}.");
        }

        if (!KpiPeriods.TryParse(period, out var p))
        {
            throw new HubException($"The period must be one of {KpiStreamKey.Periods}; got '{period}'.");
        }

        return p;
    }
}
