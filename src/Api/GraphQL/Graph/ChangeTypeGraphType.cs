using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class ChangeTypeGraphType : LowerCaseEnumGraphType<ChangeType>
{
    public ChangeTypeGraphType()
    {
        Name = "ChangeType";
        Description = "How a release routes: safe rolls out when approved, reviewed and breaking wait for an admin.";
    }
}
