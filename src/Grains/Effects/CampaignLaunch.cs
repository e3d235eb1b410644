using DashboardFactory.Campaigns;

namespace DashboardFactory.Effects;

/// <summary>Start campaign <paramref name="CampaignId"/> with <paramref name="Start"/>: a <see cref="PendingEffect"/> part.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Effects.CampaignLaunch")]
public sealed record CampaignLaunch(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignStart Start);
