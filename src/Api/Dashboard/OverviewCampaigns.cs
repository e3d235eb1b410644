using DashboardFactory.Api.Campaigns;

namespace DashboardFactory.Api.Dashboard;

/// <summary>Campaigns in all, per state, and the ten most recent.</summary>
public sealed record OverviewCampaigns(int Total, IReadOnlyDictionary<string, int> ByState, IReadOnlyList<CampaignSummaryResponse> Recent);
