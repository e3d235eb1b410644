using DashboardFactory.Kpis;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class KpiIngestResultGraphType : ObjectGraphType<KpiIngestResult>
{
    public KpiIngestResultGraphType()
    {
        Name = "KpiIngestResult";
        Description = "What happened to a batch of points, as POST /api/kpis/{code}/points answers.";
        Field<NonNullGraphType<IntGraphType>, int>("accepted").Resolve(c => c.Source.Accepted);
        Field<NonNullGraphType<IntGraphType>, int>("duplicates").Resolve(c => c.Source.Duplicates);
        Field<NonNullGraphType<IntGraphType>, int>("rejected").Resolve(c => c.Source.Rejected);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KpiRejectionGraphType>>>, IEnumerable<KpiRejection>>("rejections").Resolve(c => c.Source.Rejections);
    }
}
