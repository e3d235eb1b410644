using DashboardFactory.Api.Kpis;

namespace DashboardFactory.Api.Dashboard;

/// <summary>A KPI's feed quality and its current bucket at each period (null where it has none).</summary>
public sealed record OverviewKpi(
    string Code,
    bool Stale,
    DateTimeOffset? LastReceivedAt,
    long Accepted,
    long Duplicates,
    long Rejected,
    KpiValueResponse? Minute,
    KpiValueResponse? Hour,
    KpiValueResponse? Day);
