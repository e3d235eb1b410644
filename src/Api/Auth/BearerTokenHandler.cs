using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DashboardFactory.Api.Streams;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// Bearer tokens: the configured admin token, or a user token checked by that user's grain.
/// Browsers that cannot set headers (WebSocket, EventSource, a plain link) may pass ?access_token=
/// or a short-lived ?ticket= on the paths API.md allows.
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> auth,
    IGrainFactory grains,
    TicketAuthenticator tickets) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    public const string AdminId = "admin";

    private static readonly string[] QueryTokenPaths = ["/hubs", "/api/streams", "/cockpits"];

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // A short-lived ?ticket= (see TicketAuthenticator) instead of a token, when no header says otherwise.
        if (Request.Headers.Authorization.Count == 0 && await tickets.AuthenticateAsync(Context, SchemeName) is { } byTicket)
        {
            return byTicket;
        }

        var token = ReadToken();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (IsAdminToken(token))
        {
            return Success(AdminId, "Administrator", Roles.Admin);
        }

        if (!UserToken.TryParse(token, out var userId, out var secret) || !Ids.IsValid(userId))
        {
            return AuthenticateResult.Fail("The bearer token is malformed.");
        }

        var profile = await grains.GetGrain<IUserGrain>(userId).AuthenticateAsync(secret);
        return profile is null
            ? AuthenticateResult.Fail("The bearer token is not valid.")
            : Success(profile.Id, profile.Name, Roles.ToWire(profile.Role));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length == 0 ? null : value;
        }

        if (QueryTokenPaths.Any(p => Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            var query = Request.Query["access_token"].ToString();
            return query.Length == 0 ? null : query;
        }

        return null;
    }

    private bool IsAdminToken(string token)
    {
        var admin = auth.Value.AdminToken;
        return !string.IsNullOrEmpty(admin) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(token)),
            SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
    }

    private AuthenticateResult Success(string id, string name, string role)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
