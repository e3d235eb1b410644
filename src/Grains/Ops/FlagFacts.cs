using DashboardFactory.Campaigns;
using DashboardFactory.Features;

namespace DashboardFactory.Ops;

/// <summary>What the board knows of one flag (feature): its registry summary and its latest campaign, if any.</summary>
public sealed record FlagFacts(FeatureSummary Feature, CampaignView? Campaign);
