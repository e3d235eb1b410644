using DashboardFactory.Users;
using GraphQL.Types;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class UserGraphType : ObjectGraphType<UserProfile>
{
    public UserGraphType()
    {
        Name = "User";
        Description = "A user record; readable by that user and admins.";
        Field<NonNullGraphType<IdGraphType>, string>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>, string>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<RoleGraphType>, UserRole>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<IntGraphType>, int>("xp").Description("Weight of the user's votes.").Resolve(c => c.Source.Xp);
    }
}
