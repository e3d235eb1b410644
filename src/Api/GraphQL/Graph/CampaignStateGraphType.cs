using DashboardFactory.Campaigns;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class CampaignStateGraphType : LowerCaseEnumGraphType<CampaignStatus>
{
    public CampaignStateGraphType()
    {
        Name = "CampaignState";
        Description = "A rollout campaign's state.";
    }
}
