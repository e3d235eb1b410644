namespace DashboardFactory.Campaigns;

[GenerateSerializer, Immutable, Alias("DashboardFactory.Campaigns.CampaignSummary")]
public sealed record CampaignSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string FeatureId,
    [property: Id(2)] string Version,
    [property: Id(3)] bool Foundational,
    [property: Id(4)] CampaignStatus Status,
    [property: Id(5)] DateTimeOffset StartedAt);
