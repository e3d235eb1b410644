using DashboardFactory.Api.Kpis;

namespace DashboardFactory.Api.Dashboard;

/// <summary>GET /api/dashboard/metrics: the series of each KPI code over the range, at the range's period.</summary>
public sealed record MetricsResponse(
    string TimeRange,
    DateTimeOffset From,
    DateTimeOffset To,
    string Period,
    IReadOnlyDictionary<string, List<KpiBucketResponse>> Series);
