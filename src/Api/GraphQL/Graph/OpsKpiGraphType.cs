using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsKpiGraphType : ObjectGraphType<OpsKpi>
{
    public OpsKpiGraphType()
    {
        Name = "OpsKpi";
        Description = "A KPI on the ops board: stale when no point arrived within its staleness window.";
        Field<NonNullGraphType<IdGraphType>, string>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<BooleanGraphType>, bool>("stale").Resolve(c => c.Source.Stale);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("lastPointAt").Resolve(c => c.Source.LastPointAt);
    }
}
