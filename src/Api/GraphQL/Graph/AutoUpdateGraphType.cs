using DashboardFactory.Cockpits;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class AutoUpdateGraphType : ObjectGraphType<AutoUpdatePolicy>
{
    public AutoUpdateGraphType()
    {
        Name = "AutoUpdate";
        Description = "Which factory releases reach the cockpit by themselves.";
        Field<NonNullGraphType<BooleanGraphType>, bool>("enabled").Resolve(c => c.Source.Enabled);
        Field<NonNullGraphType<ChangeTypeGraphType>, ChangeType>("maxChangeType").Resolve(c => c.Source.MaxChangeType);
    }
}
