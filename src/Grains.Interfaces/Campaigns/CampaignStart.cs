using DashboardFactory.Cockpits;

namespace DashboardFactory.Campaigns;

/// <summary>What a campaign rolls out and to whom: cockpits in these cohorts (all when empty).</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Campaigns.CampaignStart")]
public sealed record CampaignStart(
    [property: Id(0)] FeatureRelease Release,
    [property: Id(1)] IReadOnlyList<string> Cohorts,
    [property: Id(2)] bool Foundational,
    [property: Id(3)] string StartedBy);
