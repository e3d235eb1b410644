using DashboardFactory.Kpis;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Live KPIs on the hub. A connection subscribes to (code, period) and gets the current value at once; the node's
/// <see cref="KpiRelay"/> holds the lease that makes the KPI stream grain publish and fills the group. Switching
/// period is UnsubscribeKpi then SubscribeKpi; <see cref="KpiConnectionFilter"/> releases what a dropped connection held.
/// </summary>
public sealed partial class CockpitHub
{
    // ':' cannot occur in an id, so a KPI group never collides with a cockpit group or "admins".
    public static string KpiGroup(string streamKey) => "kpi:" + streamKey;

    /// <summary>The current value (null when the KPI has no data yet); "kpiValue" pushes follow while subscribed.</summary>
    public async Task<KpiValueMessage?> SubscribeKpi(string code, string period, [FromServices] KpiRelay kpis, [FromServices] IGrainFactory grains)
    {
        var p = ValidKpi(code, period);
        if (!await kpis.SubscribeAsync(Context.ConnectionId, code, p))
        {
            return null;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, KpiGroup(KpiStreamKey.Format(code, p)), Context.ConnectionAborted);
        var current = await grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(p);
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
