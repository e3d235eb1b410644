using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsFlagGraphType : ObjectGraphType<OpsFlag>
{
    public OpsFlagGraphType()
    {
        Name = "OpsFlag";
        Description = "One feature flag on the ops board.";
        Field<NonNullGraphType<IdGraphType>, string>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>, string>("stage").Resolve(c => c.Source.Stage);
        Field<NonNullGraphType<StringGraphType>, string>("health").Description("healthy, warning or blocked.").Resolve(c => c.Source.Health);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IReadOnlyList<string>>("reasons")
            .Description("Every reason for the health, in words.").Resolve(c => c.Source.Reasons);
        Field<IdGraphType, string>("owner").Description("The author unless an admin set another; null: nobody.").Resolve(c => c.Source.Owner);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IReadOnlyList<string>>("cohorts").Resolve(c => c.Source.Cohorts);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IReadOnlyList<string>>("dependencies").Resolve(c => c.Source.Dependencies);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>, IReadOnlyList<string>>("dependents").Resolve(c => c.Source.Dependents);
        Field<StringGraphType, string>("latestVersion").Resolve(c => c.Source.LatestVersion);
        Field<StringGraphType, string>("pendingApproval").Description("The version waiting for an admin, if any.").Resolve(c => c.Source.PendingApproval);
        Field<NonNullGraphType<IntGraphType>, int>("installations").Description("Cockpits that have it.").Resolve(c => c.Source.Installations);
        Field<OpsCampaignGraphType, OpsCampaign>("campaign").Description("Its latest rollout.").Resolve(c => c.Source.Campaign);
    }
}
