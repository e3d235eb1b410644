using DashboardFactory.Users;

namespace DashboardFactory.Api.Auth;

/// <summary>Role names as they appear on the wire and in claims.</summary>
public static class Roles
{
    public const string Operator = "operator";
    public const string Optimizer = "optimizer";
    public const string Admin = "admin";

    /// <summary>The policy that lets only admins through.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Optimizers and admins: who runs the factory and reads its campaigns, rollbacks and audit history; operators do not.</summary>
    public const string StaffPolicy = "staff";

    public static string ToWire(UserRole role) => role switch
    {
        UserRole.Operator => Operator,
        UserRole.Optimizer => Optimizer,
        UserRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? value, out UserRole role)
    {
        switch (value)
        {
            case Operator: role = UserRole.Operator; return true;
            case Optimizer: role = UserRole.Optimizer; return true;
            case Admin: role = UserRole.Admin; return true;
            default: role = default; return false;
        }
    }
}
