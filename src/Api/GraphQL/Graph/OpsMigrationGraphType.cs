using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsMigrationGraphType : ObjectGraphType<OpsMigration>
{
    public OpsMigrationGraphType()
    {
        Name = "OpsMigration";
        Description = "An applied schema migration.";
        Field<NonNullGraphType<StringGraphType>, string>("id").Description("The file name without \".sql\", e.g. 0003_orleans_persistence.").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("appliedAt").Resolve(c => c.Source.AppliedAt);
    }
}
