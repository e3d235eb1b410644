using DashboardFactory.Features;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class VoteResultGraphType : ObjectGraphType<FeatureView>
{
    public VoteResultGraphType()
    {
        Name = "VoteResult";
        Description = "The feature's stage and tally after the vote, as POST /api/features/{id}/votes answers.";
        Field<NonNullGraphType<FeatureStageGraphType>, FeatureStage>("stage").Resolve(c => c.Source.Stage);
        Field<NonNullGraphType<FloatGraphType>, double>("approvalPercent").Resolve(c => c.Source.Tally.ApprovalPercent);
        Field<NonNullGraphType<IntGraphType>, int>("votesCast").Resolve(c => c.Source.Tally.VotesCast);
        Field<NonNullGraphType<LongGraphType>, long>("xpCast").Resolve(c => c.Source.Tally.XpCast);
    }
}
