namespace DashboardFactory.Users;

/// <summary>What a user may do: operators own cockpits, optimizers build and vote on widgets, admins command.</summary>
public enum UserRole
{
    Operator = 0,
    Optimizer = 1,
    Admin = 2,
}
