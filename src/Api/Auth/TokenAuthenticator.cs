using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DashboardFactory.Users;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// Turns a bearer token into the caller: the configured admin token, or a user token checked by that user's
/// grain. Shared by the HTTP bearer scheme and by connections that carry their token in a message rather than a
/// header (GraphQL's connection_init).
/// </summary>
public sealed class TokenAuthenticator(IOptions<AuthOptions> auth, IGrainFactory grains)
{
    public const string AdminId = "admin";

    /// <summary>The caller, or null with the reason when the token is malformed or not valid.</summary>
    public async Task<(ClaimsPrincipal? Caller, string? Failure)> AuthenticateAsync(string token, string scheme)
    {
        if (IsAdminToken(token))
        {
            return (Principal(AdminId, "Administrator", Roles.Admin, scheme), null);
        }

        if (!UserToken.TryParse(token, out var userId, out var secret) || !Ids.IsValid(userId))
        {
            return (null, "The bearer token is malformed.");
        }

        var profile = await grains.GetGrain<IUserGrain>(userId).AuthenticateAsync(secret);
        return profile is null
            ? (null, "The bearer token is not valid.")
            : (Principal(profile.Id, profile.Name, Roles.ToWire(profile.Role), scheme), null);
    }

    private bool IsAdminToken(string token)
    {
        var admin = auth.Value.AdminToken;
        return !string.IsNullOrEmpty(admin) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(token)),
            SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
    }

    private static ClaimsPrincipal Principal(string id, string name, string role, string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)],
        scheme));
}
