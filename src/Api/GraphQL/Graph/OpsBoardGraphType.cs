using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsBoardGraphType : ObjectGraphType<OpsBoard>
{
    public OpsBoardGraphType()
    {
        Name = "OpsBoard";
        Description = "Seed 003's pre-flight checklist, as GET /api/ops/board shows it: flags with their health, the cluster, migrations, KPIs, snapshot retention.";
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("generatedAt").Resolve(c => c.Source.GeneratedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpsFlagGraphType>>>, IReadOnlyList<OpsFlag>>("flags").Resolve(c => c.Source.Flags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpsSiloGraphType>>>, IReadOnlyList<OpsSilo>>("silos").Resolve(c => c.Source.Silos);
        Field<NonNullGraphType<StringGraphType>, string>("storage")
            .Description("\"postgresql\", or \"memory\" in the embedded default (no schema, so no migrations).")
            .Resolve(c => c.Source.Storage);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpsMigrationGraphType>>>, IReadOnlyList<OpsMigration>>("migrations").Resolve(c => c.Source.Migrations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OpsKpiGraphType>>>, IReadOnlyList<OpsKpi>>("kpis").Resolve(c => c.Source.Kpis);
        Field<NonNullGraphType<OpsSnapshotsGraphType>, OpsSnapshots>("snapshots").Resolve(c => c.Source.Snapshots);
    }
}
