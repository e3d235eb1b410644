using DashboardFactory.Features;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class TallyGraphType : ObjectGraphType<Tally>
{
    public TallyGraphType()
    {
        Name = "Tally";
        Description = "XP-weighted votes: approving XP over the XP of all votes cast.";
        Field<NonNullGraphType<FloatGraphType>, double>("approvalPercent").Resolve(c => c.Source.ApprovalPercent);
        Field<NonNullGraphType<IntGraphType>, int>("votesCast").Resolve(c => c.Source.VotesCast);
        Field<NonNullGraphType<LongGraphType>, long>("xpCast").Resolve(c => c.Source.XpCast);
    }
}
