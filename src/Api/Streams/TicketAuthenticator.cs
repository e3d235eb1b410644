using System.Security.Claims;
using DashboardFactory.Streams;
using DashboardFactory.Api.Auth;
using Microsoft.AspNetCore.Authentication;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// Signs a request in with a stream ticket instead of a token (<c>?ticket=</c>, or a "tkt_" value where a token would
/// go), on the paths a browser cannot send a header to: the SSE streams, the hub and the cockpit page. The ticket's scope must cover the path (kpi:{code} for that KPI's
/// stream, cockpit:{id} for that cockpit's stream and page; on the hub the scope is enforced per call by
/// <see cref="TicketScopeHubFilter"/>). A ticket connects once: a SignalR negotiate only looks at it, the request
/// that opens the connection uses it up.
/// </summary>
public sealed class TicketAuthenticator(IGrainFactory grains)
{
    /// <summary>The claim that marks a ticket sign-in and carries its scope.</summary>
    public const string ScopeClaim = "df:ticket-scope";

    /// <summary>Null when the request carries no ticket; otherwise the sign-in or why it failed.</summary>
    public async Task<AuthenticateResult?> AuthenticateAsync(HttpContext context, string scheme)
    {
        if (TicketOf(context.Request) is not { } ticket)
        {
            return null;
        }

        if (!TryRequiredScope(context.Request.Path, out var required, out var hub))
        {
            return AuthenticateResult.Fail("A ticket is accepted only by the stream endpoints, the hub and the cockpit page.");
        }

        var grain = grains.GetGrain<IStreamTicketGrain>(StreamTickets.KeyOf(ticket));
        var negotiate = hub && context.Request.Path.Value!.EndsWith("/negotiate", StringComparison.OrdinalIgnoreCase);
        StreamTicketGrant? grant;
        if (required is not null && (await grain.PeekAsync() is not { } peeked || peeked.Scope != required))
        {
            // Checked before use, so a ticket sent to the wrong resource is not used up by it.
            grant = null;
        }
        else
        {
            grant = negotiate ? await grain.PeekAsync() : await grain.RedeemAsync(hub ? context.Request.Query["id"].ToString() : string.Empty);
        }

        if (grant is null)
        {
            return AuthenticateResult.Fail("The ticket is unknown, expired, already used, or for another resource.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalOf(grant, scheme), scheme));
    }

    /// <summary>
    /// Uses a ticket presented inside a connection rather than on a path (GraphQL's connection_init): any scope, which
    /// then limits what the connection may do. Null when the ticket is unknown, expired or already used.
    /// </summary>
    public async Task<ClaimsPrincipal?> RedeemAsync(string ticket, string scheme) =>
        ticket.StartsWith(StreamTickets.Prefix, StringComparison.Ordinal)
        && await grains.GetGrain<IStreamTicketGrain>(StreamTickets.KeyOf(ticket)).RedeemAsync(string.Empty) is { } grant
            ? PrincipalOf(grant, scheme)
            : null;

    /// <summary>The scope a ticket sign-in is limited to; null for a sign-in with a token.</summary>
    public static StreamScope? ScopeOf(ClaimsPrincipal? caller) =>
        StreamScope.TryParse(caller?.FindFirst(ScopeClaim)?.Value, out var scope) ? scope : null;

    private static ClaimsPrincipal PrincipalOf(StreamTicketGrant grant, string scheme)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, grant.UserId),
                new Claim(ClaimTypes.Name, grant.Name),
                new Claim(ClaimTypes.Role, grant.Role),
                new Claim(ScopeClaim, grant.Scope),
            ],
            scheme);
        if (grant.CredentialsVersion is { } version)
        {
            // The ticket signs in at the generation of the token that asked for it: a change since closes it too.
            identity.AddClaim(new Claim(TokenAuthenticator.CredentialsVersionClaim, version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// The ticket a request presents: <c>?ticket=</c>, or a "tkt_" value where a token would go (a SignalR client's
    /// accessTokenFactory sends it as <c>Authorization: Bearer</c> to negotiate and as <c>?access_token=</c> to connect).
    /// Null when there is none, or when the Authorization header carries a token rather than a ticket.
    /// </summary>
    public static string? TicketOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length > 0)
        {
            var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : string.Empty;
            return bearer.StartsWith(StreamTickets.Prefix, StringComparison.Ordinal) ? bearer : null;
        }

        var query = request.Query[StreamTickets.QueryName].ToString();
        if (query.Length > 0)
        {
            return query;
        }

        var token = request.Query["access_token"].ToString();
        return token.StartsWith(StreamTickets.Prefix, StringComparison.Ordinal) ? token : null;
    }

    /// <summary>The scope a path needs (null on the hub: any scope, checked per call); false where tickets are not accepted.</summary>
    public static bool TryRequiredScope(PathString path, out string? scope, out bool hub)
    {
        scope = null;
        hub = false;
        if (path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            hub = true;
            return true;
        }

        scope = Single(path, "/api/streams/kpis") is { } code ? $"{StreamScope.Kpi}:{code}"
            : Single(path, "/api/streams/cockpits") is { } stream ? $"{StreamScope.Cockpit}:{stream}"
            : Single(path, "/cockpits") is { } page ? $"{StreamScope.Cockpit}:{page}"
            : null;
        return scope is not null;
    }

    /// <summary>The one segment after <paramref name="prefix"/> ("/cockpits/c-1" → "c-1"), or null.</summary>
    private static string? Single(PathString path, string prefix) =>
        path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value is { Length: > 1 } value && value.IndexOf('/', 1) < 0
            ? value[1..]
            : null;
}
