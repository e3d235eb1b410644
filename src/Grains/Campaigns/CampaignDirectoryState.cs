namespace DashboardFactory.Campaigns;

[GenerateSerializer, Alias("DashboardFactory.Campaigns.CampaignDirectoryState")]
public sealed class CampaignDirectoryState
{
    [Id(0)] public Dictionary<string, CampaignSummary> Campaigns { get; set; } = new(StringComparer.Ordinal);
}
