using DashboardFactory.Campaigns;

namespace DashboardFactory.Api.Campaigns;

/// <summary>Campaign words on the wire (API.md): states in lower case.</summary>
public static class CampaignJson
{
    public static string State(CampaignStatus status) => status.ToString().ToLowerInvariant();
}
