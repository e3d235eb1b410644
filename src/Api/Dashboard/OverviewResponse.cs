namespace DashboardFactory.Api.Dashboard;

/// <summary>GET /api/dashboard/overview: the fleet at a glance (seed 002).</summary>
public sealed record OverviewResponse(
    DateTimeOffset GeneratedAt,
    OverviewFleet Cockpits,
    OverviewCampaigns Campaigns,
    IReadOnlyList<OverviewKpi> Kpis,
    IReadOnlyList<AlertResponse> Alerts);
