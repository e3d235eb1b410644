using DashboardFactory.Cockpits;

namespace DashboardFactory.Campaigns;

/// <summary>"Apply this release and tell the campaign how it went." Sent again when no answer comes in time.</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Campaigns.RolloutMessage")]
public sealed record RolloutMessage(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] FeatureRelease Release,
    [property: Id(2)] int Attempt);
