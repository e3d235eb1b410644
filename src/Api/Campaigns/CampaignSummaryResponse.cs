using DashboardFactory.Campaigns;

namespace DashboardFactory.Api.Campaigns;

/// <summary>One campaign of a list.</summary>
public sealed record CampaignSummaryResponse(string Id, string FeatureId, string Version, string State, bool Foundational, DateTimeOffset StartedAt)
{
    public static CampaignSummaryResponse From(CampaignSummary summary) =>
        new(summary.Id, summary.FeatureId, summary.Version, CampaignJson.State(summary.Status), summary.Foundational, summary.StartedAt);
}
