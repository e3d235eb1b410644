using DashboardFactory.Api.Kpis;

namespace DashboardFactory.Api.Dashboard;

/// <summary>What one KPI at one period looks like now: the open bucket and the recent ones (oldest first).</summary>
public sealed record LiveKpiData(string Code, string Period, KpiValueResponse? Current, IReadOnlyList<KpiBucketResponse> Series);
