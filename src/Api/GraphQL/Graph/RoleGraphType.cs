using DashboardFactory.Users;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class RoleGraphType : LowerCaseEnumGraphType<UserRole>
{
    public RoleGraphType()
    {
        Name = "Role";
        Description = "What a user may do: operators own cockpits, optimizers build and vote on widgets, admins command.";
    }
}
