using DashboardFactory.Api.Auth;
using DashboardFactory.Hosting;
using Orleans.Dashboard;

namespace DashboardFactory.Api.OrleansDashboard;

/// <summary>
/// The Orleans Dashboard (Microsoft.Orleans.Dashboard) under /admin/orleans, for admins only. Only that prefix is
/// claimed: /admin and /admin/ops belong to the admin console.
/// </summary>
public static class OrleansDashboardApi
{
    public const string Path = "/admin/orleans";

    /// <summary>
    /// The dashboard is a single-page app whose own requests cannot carry a bearer header, so a browser signs in
    /// once with ?access_token= and the token is kept in a cookie that only this prefix ever receives.
    /// </summary>
    public const string TokenCookie = "df_orleans_dashboard";

    /// <summary>Before UseAuthentication: turns the dashboard's cookie into the bearer header the API checks.</summary>
    public static WebApplication UseOrleansDashboardSignIn(this WebApplication app)
    {
        if (OrleansDashboardSettings.From(app.Configuration).Enabled)
        {
            app.UseWhen(c => c.Request.Path.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase), branch => branch.Use(SignInAsync));
        }

        return app;
    }

    public static IEndpointRouteBuilder MapOrleansDashboardApi(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (OrleansDashboardSettings.From(configuration).Enabled)
        {
            app.MapOrleansDashboard(Path).RequireAuthorization(Roles.AdminPolicy).ExcludeFromDescription();
        }

        return app;
    }

    private static Task SignInAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var token = request.Query["access_token"].ToString();
        if (token.Length > 0)
        {
            context.Response.Cookies.Append(TokenCookie, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = request.IsHttps,
                Path = Path,
            });

            // Off the address bar and out of the history at once; the cookie carries it from now on.
            var query = QueryString.Create(request.Query.Where(q => q.Key != "access_token").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
            context.Response.Redirect(SlashEnded(request.PathBase + request.Path) + query);
            return Task.CompletedTask;
        }

        // The app's pages and scripts are relative URLs: without the slash they would resolve outside the prefix.
        if (request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(request.PathBase + Path + "/" + request.QueryString);
            return Task.CompletedTask;
        }

        if (string.IsNullOrEmpty(request.Headers.Authorization) && request.Cookies.TryGetValue(TokenCookie, out var kept) && kept.Length > 0)
        {
            request.Headers.Authorization = "Bearer " + kept;
        }

        return next();
    }

    private static string SlashEnded(PathString path) =>
        path.Value is { } value && value.Equals(Path, StringComparison.OrdinalIgnoreCase) ? value + "/" : path.Value ?? Path + "/";
}
