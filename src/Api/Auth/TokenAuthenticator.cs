using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using DashboardFactory.Api.Hosting;
using DashboardFactory.Users;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// Turns a bearer token into the caller: the configured admin token, or a user token checked by that user's
/// grain. Shared by the HTTP bearer scheme and by connections that carry their token in a message rather than a
/// header (GraphQL's connection_init). A user token reaches its grain only when its MAC is right
/// (<see cref="TokenSeal"/>) and it was not refused a moment ago (<see cref="RefusedTokens"/>). That read runs before
/// the API's retry middleware, so it is run again by itself while a silo joins or leaves (<see cref="ClusterChangeRetry.ReadAsync{T}(Func{Task{T}}, ILogger, string, CancellationToken)"/>).
/// </summary>
public sealed class TokenAuthenticator(IOptions<AuthOptions> auth, IGrainFactory grains, TokenSeal seal, RefusedTokens refused, ILogger<TokenAuthenticator> logger)
{
    public const string AdminId = "admin";

    /// <summary>
    /// The user's credentials generation when the token was accepted (<see cref="AuthenticatedUser"/>): a credentials
    /// change closes only connections signed in at an older one (<see cref="OpenConnections"/>).
    /// </summary>
    public const string CredentialsVersionClaim = "df:credentials-version";

    /// <summary>The caller, or null with the reason when the token is malformed or not valid.</summary>
    public async Task<(ClaimsPrincipal? Caller, string? Failure)> AuthenticateAsync(string token, string scheme, CancellationToken cancellationToken = default)
    {
        if (IsAdminToken(token))
        {
            return (Principal(AdminId, "Administrator", Roles.Admin, scheme), null);
        }

        if (!seal.TryOpen(token, out var inner) || !UserToken.TryParse(inner, out var userId, out var secret) || !Ids.IsValid(userId))
        {
            return (null, "The bearer token is not valid.");
        }

        if (refused.Contains(token))
        {
            return (null, "The bearer token is not valid.");
        }

        var user = await ClusterChangeRetry.ReadAsync(() => grains.GetGrain<IUserGrain>(userId).AuthenticateAsync(secret), logger, "Bearer token sign-in", cancellationToken);
        if (user is null)
        {
            refused.Add(token);
            return (null, "The bearer token is not valid.");
        }

        var profile = user.Profile;
        return (Principal(profile.Id, profile.Name, Roles.ToWire(profile.Role), scheme, user.CredentialsVersion), null);
    }

    private bool IsAdminToken(string token)
    {
        var admin = auth.Value.AdminToken;
        return !string.IsNullOrEmpty(admin) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(token)),
            SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
    }

    private static ClaimsPrincipal Principal(string id, string name, string role, string scheme, long? credentialsVersion = null)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)],
            scheme);
        if (credentialsVersion is { } version)
        {
            identity.AddClaim(new Claim(CredentialsVersionClaim, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(identity);
    }
}
