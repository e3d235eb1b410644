using DashboardFactory.Api.Ops;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class OpsSiloGraphType : ObjectGraphType<OpsSilo>
{
    public OpsSiloGraphType()
    {
        Name = "OpsSilo";
        Description = "A cluster member as the membership table has it.";
        Field<NonNullGraphType<StringGraphType>, string>("address").Resolve(c => c.Source.Address);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>, string>("host").Resolve(c => c.Source.Host);
        Field<NonNullGraphType<StringGraphType>, string>("status").Description("Orleans' silo status in lower case (active, dead, ...).").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>, DateTimeOffset>("startedAt").Resolve(c => c.Source.StartedAt);
    }
}
