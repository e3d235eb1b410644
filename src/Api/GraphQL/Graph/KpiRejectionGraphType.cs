using DashboardFactory.Kpis;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class KpiRejectionGraphType : ObjectGraphType<KpiRejection>
{
    public KpiRejectionGraphType()
    {
        Name = "KpiRejection";
        Description = "A refused point: its position in the batch, its id if it had one, and why.";
        Field<NonNullGraphType<IntGraphType>, int>("index").Resolve(c => c.Source.Index);
        Field<StringGraphType, string>("id").Resolve(c => c.Source.PointId);
        Field<NonNullGraphType<StringGraphType>, string>("reason").Resolve(c => c.Source.Reason);
    }
}
