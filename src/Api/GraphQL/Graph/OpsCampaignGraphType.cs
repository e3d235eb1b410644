using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsCampaignGraphType : ObjectGraphType<OpsCampaign>
{
    public OpsCampaignGraphType()
    {
        Name = "OpsCampaign";
        Description = "A flag's latest rollout on the ops board (the whole campaign: query campaign(id)).";
        Field<NonNullGraphType<IdGraphType>, string>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>, string>("state").Resolve(c => c.Source.State);
        Field<NonNullGraphType<IntGraphType>, int>("applied").Resolve(c => c.Source.Applied);
        Field<NonNullGraphType<IntGraphType>, int>("total").Resolve(c => c.Source.Total);
    }
}
