using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsSnapshotsGraphType : ObjectGraphType<OpsSnapshots>
{
    public OpsSnapshotsGraphType()
    {
        Name = "OpsSnapshots";
        Description = "Snapshot retention as configured, and the last trim.";
        Field<NonNullGraphType<StringGraphType>, string>("retention").Description("d.hh:mm:ss").Resolve(c => c.Source.Retention);
        Field<NonNullGraphType<StringGraphType>, string>("trimPeriod").Description("d.hh:mm:ss").Resolve(c => c.Source.TrimPeriod);
        Field<DateTimeOffsetGraphType, DateTimeOffset?>("lastTrimmedAt").Resolve(c => c.Source.LastTrimmedAt);
        Field<LongGraphType, long?>("lastRemoved").Resolve(c => c.Source.LastRemoved);
    }
}
