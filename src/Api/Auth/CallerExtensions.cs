using System.Security.Claims;

namespace DashboardFactory.Api.Auth;

public static class CallerExtensions
{
    public static string CallerId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    /// <summary>The credentials generation the caller signed in at; null for the admin token and unversioned sign-ins.</summary>
    public static long? CredentialsVersion(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(TokenAuthenticator.CredentialsVersionClaim), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var version) ? version : null;

    /// <summary>The caller is the user <paramref name="id"/>, or an admin acting for them.</summary>
    public static bool IsSelfOrAdmin(this ClaimsPrincipal user, string id) => user.IsAdmin() || user.CallerId() == id;
}
