using DashboardFactory.Kpis;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class KpiBucketGraphType : ObjectGraphType<KpiSeriesPoint>
{
    public KpiBucketGraphType()
    {
        Name = "KpiBucket";
        Description = "One bucket of a KPI's history, as GET /api/kpis/{code}/series lists it.";
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("bucketStart").Resolve(c => c.Source.BucketStart.ToUniversalTime());
        Field<NonNullGraphType<FloatGraphType>, double>("avg").Resolve(c => c.Source.Avg);
        Field<NonNullGraphType<FloatGraphType>, double>("min").Resolve(c => c.Source.Min);
        Field<NonNullGraphType<FloatGraphType>, double>("max").Resolve(c => c.Source.Max);
        Field<NonNullGraphType<LongGraphType>, long>("count").Resolve(c => c.Source.Count);
    }
}
