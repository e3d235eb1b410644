using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.Pages;

/// <summary>
/// /login asks for a token (API.md "Browser pages"). The form's script proves the token with POST /login, which
/// also sets the page session cookie, keeps the token in sessionStorage for the page scripts, and goes back to
/// where the user came from.
/// </summary>
public static class LoginApi
{
    private const string Body = """
        <main class="login">
        <h1>Dashboard Factory</h1>
        <form data-role="login-form" novalidate>
        <label for="token">Access token</label>
        <p class="hint" id="token-hint">The console printed an admin token at start (<code>Admin token: …</code>); users get theirs when they are created.</p>
        <input id="token" name="token" type="password" autocomplete="current-password" spellcheck="false" aria-describedby="token-hint" required>
        <p class="error" role="alert" data-role="login-error" hidden></p>
        <button type="submit">Sign in</button>
        </form>
        </main>
        """;

    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", Page).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/login", SignIn).RequireAuthorization().WithTags("Pages")
            .WithSummary("Checks the bearer token and keeps it in the page session cookie, so pages survive a reload.");
        app.MapPost("/logout", SignOut).AllowAnonymous().WithTags("Pages").WithSummary("Forgets the page session cookie.");
        return app;
    }

    /// <summary>The form; <c>returnUrl</c> (a path on this site, else ignored) is where the script goes after signing in.</summary>
    private static IResult Page(HttpContext http, ClientAssets assets, string? returnUrl = null)
    {
        PageHeaders.Apply(http.Response, PageHeaders.ShellPolicy);
        http.Response.Headers.CacheControl = "no-cache";
        var data = PageSession.SafeReturnUrl(returnUrl) is { } safe ? new Dictionary<string, string> { ["return-url"] = safe } : null;
        return TypedResults.Content(PageShell.Render(assets, "login", "Sign in · Dashboard Factory", Body, data), "text/html; charset=utf-8");
    }

    private static NoContent SignIn(HttpContext http)
    {
        var header = http.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            PageSession.Remember(http.Response, header["Bearer ".Length..].Trim());
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.NoContent();
    }

    private static NoContent SignOut(HttpContext http)
    {
        PageSession.Forget(http.Response);
        return TypedResults.NoContent();
    }
}
