using System.Text.Json;
using DashboardFactory.Outbox;

namespace DashboardFactory.Kpis;

/// <summary>
/// The kpi.stale and kpi.recovered webhook events a KPI raises. Built here, next to the KPI:
/// the webhooks capability uses the KPIs (it sends their buckets), so the KPIs do not use it back.
/// </summary>
public static class KpiHealthEvents
{
    /// <summary><paramref name="type"/> is kpi.stale or kpi.recovered; the id makes writing the same event again a no-op.</summary>
    public static OutboxEvent For(string type, string code, string message, DateTimeOffset? lastReceivedAt, DateTimeOffset at) => new(
        $"{type}:{code}:{at.UtcTicks}",
        type,
        JsonSerializer.Serialize(new { code, message, lastReceivedAt, at }, JsonSerializerOptions.Web),
        at);
}
