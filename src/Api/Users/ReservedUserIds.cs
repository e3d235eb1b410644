using DashboardFactory.Api.Auth;

namespace DashboardFactory.Api.Users;

/// <summary>
/// User ids nobody may create. <c>admin</c> is the caller id of the bootstrap admin token: a user of that id would
/// share its notifications, its votes and the cockpits it owns. Reserved in any case, so <c>Admin</c> cannot pass for
/// it in a list or a log either.
/// </summary>
public static class ReservedUserIds
{
    public static bool IsReserved(string? id) => string.Equals(id, TokenAuthenticator.AdminId, StringComparison.OrdinalIgnoreCase);
}
