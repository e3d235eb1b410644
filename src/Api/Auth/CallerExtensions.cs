using System.Security.Claims;

namespace DashboardFactory.Api.Auth;

public static class CallerExtensions
{
    public static string CallerId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>The caller is the user <paramref name="id"/>, or an admin acting for them.</summary>
    public static bool IsSelfOrAdmin(this ClaimsPrincipal user, string id) => user.IsAdmin() || user.CallerId() == id;
}
