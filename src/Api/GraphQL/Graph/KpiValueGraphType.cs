using DashboardFactory.Kpis;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class KpiValueGraphType : ObjectGraphType<KpiReading>
{
    public KpiValueGraphType()
    {
        Name = "KpiValue";
        Description = "A KPI's aggregate over one bucket, as GET /api/kpis/{code}?period= serves it and the hub pushes it.";
        Field<NonNullGraphType<IdGraphType>, string>("code").Resolve(c => c.Source.Value.Code);
        Field<NonNullGraphType<KpiPeriodGraphType>, KpiPeriod>("period").Resolve(c => c.Source.Value.Period);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("bucketStart").Resolve(c => c.Source.Value.BucketStart.ToUniversalTime());
        Field<NonNullGraphType<FloatGraphType>, double>("avg").Resolve(c => c.Source.Value.Avg);
        Field<NonNullGraphType<FloatGraphType>, double>("min").Resolve(c => c.Source.Value.Min);
        Field<NonNullGraphType<FloatGraphType>, double>("max").Resolve(c => c.Source.Value.Max);
        Field<NonNullGraphType<LongGraphType>, long>("count").Resolve(c => c.Source.Value.Count);
        Field<NonNullGraphType<FloatGraphType>, double>("last").Resolve(c => c.Source.Value.Last);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("updatedAt").Resolve(c => c.Source.Value.UpdatedAt.ToUniversalTime());
        Field<NonNullGraphType<BooleanGraphType>, bool>("stale").Resolve(c => c.Source.Value.Stale);
        Field<NonNullGraphType<LongGraphType>, long>("eventId")
            .Description("Grows with every change of the KPI (the SSE event id).")
            .Resolve(c => c.Source.EventId);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("publishedAt")
            .Description("On pushed values: when the KPI stream grain published it (for latency measurements).")
            .Resolve(c => c.Source.PublishedAt);
    }
}
