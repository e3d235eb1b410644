using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Hosting;
using DashboardFactory.Api.Streams;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Authentication;

namespace DashboardFactory.Api.Pages;

/// <summary>
/// A cockpit page opened with a stream ticket (<c>/cockpits/{id}?ticket=</c>, a wall screen that must not hold a
/// long-lived token) uses the ticket up on its first GET; what the page needs afterwards (its first values, its
/// version check, its hub connection) it gets with this cookie instead: the ticket's user and scope, sealed with the
/// token key (<see cref="TokenSeal"/>, so every API node accepts it) and good for
/// <see cref="PagesOptions.TicketSessionLifetime"/>. It is accepted only for reads of that one cockpit
/// (<see cref="Allows"/>) and the hub, where the ticket scope filter keeps it to that cockpit; it is HttpOnly and
/// SameSite=Strict, so no other site's request carries it. Each use asks the user grain for the user's current
/// role and credentials generation, so a revoked token, a rotation or a role change ends it as it ends the token's
/// own connections (a read run again while a silo joins or leaves, as the token's is: <see cref="ClusterChangeRetry"/>).
/// </summary>
public sealed class ScopedPageSession(TokenSeal seal, IGrainFactory grains, TimeProvider time, Microsoft.Extensions.Options.IOptions<PagesOptions> options, ILogger<ScopedPageSession> logger)
{
    public const string CookieName = "df_scoped";
    private const string Prefix = "scoped1~";

    /// <summary>Sets the cookie for the page a ticket just opened.</summary>
    public void Remember(HttpResponse response, ClaimsPrincipal ticketCaller)
    {
        if (TicketAuthenticator.ScopeOf(ticketCaller) is not { Kind: StreamScope.Cockpit } scope)
        {
            return;
        }

        var grant = new Grant(ticketCaller.CallerId(), scope.ToString(), ticketCaller.CredentialsVersion() ?? 0,
            (time.GetUtcNow() + options.Value.TicketSessionLifetime).ToUnixTimeSeconds());
        var inner = Prefix + Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(grant)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        response.Cookies.Append(CookieName, seal.Seal(inner), new CookieOptions
        {
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
    }

    /// <summary>
    /// The caller the cookie stands for, when the request carries a valid, unexpired one that covers it and the user
    /// still has the credentials it was issued under; otherwise null (the request is then anonymous, as without it).
    /// </summary>
    public async Task<AuthenticateResult?> AuthenticateAsync(HttpRequest request, string scheme)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var cookie) || cookie.Length == 0 || cookie.Length > 2048
            || !seal.TryOpen(cookie, out var inner) || !inner.StartsWith(Prefix, StringComparison.Ordinal)
            || Read(inner[Prefix.Length..]) is not { } grant
            || !StreamScope.TryParse(grant.Scope, out var scope) || !Allows(scope, request)
            || DateTimeOffset.FromUnixTimeSeconds(grant.ExpiresAt) <= time.GetUtcNow() || !Ids.IsValid(grant.UserId))
        {
            return null;
        }

        var current = await ClusterChangeRetry.ReadAsync(() => grains.GetGrain<IUserGrain>(grant.UserId).GetCredentialsAsync(), logger, "Page ticket session sign-in", request.HttpContext.RequestAborted);
        if (current is not { } user || user.CredentialsVersion != grant.CredentialsVersion)
        {
            return AuthenticateResult.Fail("The page's ticket session ended: the user's credentials changed.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Profile.Id),
                new Claim(ClaimTypes.Name, user.Profile.Name),
                new Claim(ClaimTypes.Role, Roles.ToWire(user.Profile.Role)),
                new Claim(TicketAuthenticator.ScopeClaim, scope.ToString()),
                new Claim(TokenAuthenticator.CredentialsVersionClaim, user.CredentialsVersion.ToString(CultureInfo.InvariantCulture)),
            ],
            scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), scheme));
    }

    /// <summary>The page itself, its cockpit's reads under /api/cockpits/{id}, and the hub (scope-checked per call).</summary>
    public static bool Allows(StreamScope scope, HttpRequest request)
    {
        if (scope.Kind != StreamScope.Cockpit)
        {
            return false;
        }

        if (request.Path.StartsWithSegments("/hubs/cockpit", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        return request.Path.StartsWithSegments($"/cockpits/{scope.Id}", StringComparison.Ordinal)
            || request.Path.StartsWithSegments($"/api/cockpits/{scope.Id}", StringComparison.Ordinal);
    }

    private static Grant? Read(string payload)
    {
        try
        {
            var base64 = payload.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return JsonSerializer.Deserialize<Grant>(Convert.FromBase64String(base64));
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record Grant(string UserId, string Scope, long CredentialsVersion, long ExpiresAt);
}
