namespace DashboardFactory.Api.Pages;

/// <summary>
/// A browser page cannot send an Authorization header when the user reloads it, so the token a page was opened
/// with (<c>?access_token=</c>, or the /login form) also goes into a cookie. The cookie is accepted only for
/// GET and HEAD of the pages themselves, never for /api or /hubs, so a cross-site request cannot use it to change
/// anything (no CSRF) or to open a socket (no cross-site WebSocket hijacking). It lives as long as the browser
/// session and the token it holds: revoke the token and the cookie is worthless.
/// </summary>
public static class PageSession
{
    public const string CookieName = "df_session";

    private static readonly string[] PagePaths = ["/cockpits", "/admin"];

    /// <summary>Paths whose GET may be authenticated by the session cookie.</summary>
    public static bool IsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && PagePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName, out var token) && token.Length > 0 ? token : null;

    public static void Remember(HttpResponse response, string token) =>
        response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
        });

    public static void Forget(HttpResponse response) =>
        response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax });

    /// <summary>Where a browser that is not signed in goes: /login, and back here afterwards.</summary>
    public static string LoginUrl(HttpRequest request) =>
        "/login?returnUrl=" + Uri.EscapeDataString(request.PathBase + request.Path);

    /// <summary>Only a path on this site (one leading '/', no scheme, no "//host", no control characters); otherwise null.</summary>
    public static string? SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Contains("://", StringComparison.Ordinal) && url.All(c => !char.IsControl(c))
            ? url
            : null;
}
