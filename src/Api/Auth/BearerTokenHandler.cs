using System.Text.Encodings.Web;
using DashboardFactory.Api.Pages;
using DashboardFactory.Api.Streams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Auth;

/// <summary>
/// Bearer tokens: the configured admin token, or a user token checked by that user's grain.
/// Browsers that cannot set headers (WebSocket, EventSource, a plain link) may pass ?access_token=
/// (or a short-lived stream ticket, see <see cref="TicketAuthenticator"/>) on the paths API.md allows; a page
/// opened that way (or through /login) keeps the token in the page session cookie, which only page GETs accept
/// (<see cref="PageSession"/>).
/// </summary>
internal sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenAuthenticator tokens,
    TicketAuthenticator tickets,
    ScopedPageSession scopedPages,
    FailedAuthLimiter failures) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string ThrottledFor = "df.auth.throttled-for";

    public const string SchemeName = "Bearer";
    public const string AdminId = TokenAuthenticator.AdminId;

    private static readonly string[] QueryTokenPaths = ["/hubs", "/api/streams", "/cockpits", "/admin"];

    private enum TokenSource
    {
        Header,
        Query,
        Cookie,
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (await tickets.AuthenticateAsync(Context, SchemeName) is { } byTicket)
        {
            if (byTicket.Succeeded && PageSession.IsPage(Request))
            {
                // The ticket is used up now; the page reads its cockpit with this instead.
                scopedPages.Remember(Response, byTicket.Principal);
            }

            return byTicket;
        }

        var (token, source) = ReadToken();
        if (token is null)
        {
            return await scopedPages.AuthenticateAsync(Request, SchemeName) ?? AuthenticateResult.NoResult();
        }

        var result = await AuthenticateAsync(token);
        if (result.Succeeded && source == TokenSource.Query && PageSession.IsPage(Request))
        {
            PageSession.Remember(Response, token);
        }
        else if (!result.Succeeded && source == TokenSource.Cookie)
        {
            PageSession.Forget(Response);
        }

        if (!result.Succeeded && !failures.TryCountFailure(Context.Connection.RemoteIpAddress, out var wait))
        {
            Context.Items[ThrottledFor] = wait;
        }

        return result;
    }

    /// <summary>A browser asking for a page goes to /login; everything else gets the 401.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledFor] is TimeSpan wait)
        {
            await ThrottledAsync(wait);
            return;
        }

        if (PageSession.IsPage(Request) && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            Response.Redirect(PageSession.LoginUrl(Request));
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
    }

    /// <summary>429 ProblemDetails with Retry-After: this address failed to authenticate too often this minute.</summary>
    private async Task ThrottledAsync(TimeSpan wait)
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many failed sign-ins.",
                Detail = "This address presented too many invalid tokens this minute; wait for Retry-After, then use a valid token.",
            },
        });
    }

    /// <summary>The token's caller as <see cref="TokenAuthenticator"/> finds it (shared with GraphQL's connection_init).</summary>
    private async Task<AuthenticateResult> AuthenticateAsync(string token)
    {
        var (caller, failure) = await tokens.AuthenticateAsync(token, SchemeName, Context.RequestAborted);
        return caller is null
            ? AuthenticateResult.Fail(failure!)
            : AuthenticateResult.Success(new AuthenticationTicket(caller, SchemeName));
    }

    private (string? Token, TokenSource Source) ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return (value.Length == 0 ? null : value, TokenSource.Header);
        }

        if (QueryTokenPaths.Any(p => Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            var query = Request.Query["access_token"].ToString();
            if (query.Length > 0)
            {
                return (query, TokenSource.Query);
            }
        }

        return PageSession.IsPage(Request) ? (PageSession.Read(Request), TokenSource.Cookie) : (null, TokenSource.Header);
    }
}
