namespace DashboardFactory.Api.Home;

/// <summary>
/// GET /: what a newcomer who opens the address in a browser sees: that the factory runs and where to go next.
/// Static and public (it names no cockpit, user or token), so it needs neither the cluster nor a sign-in.
/// </summary>
public static class HomeApi
{
    public const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Dashboard Factory</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 1.5; }
        code { background: #f2f2f2; padding: 0 .2em; }
        </style>
        </head>
        <body>
        <h1>Dashboard Factory is running</h1>
        <p>Every call needs a token: the console printed <code>Admin token: ...</code> when this node started.</p>
        <ul>
        <li>A demo cockpit: <code>/cockpits/cockpit-001?access_token=&lt;token&gt;</code></li>
        <li>The fleet at a glance: <code>curl -H "Authorization: Bearer &lt;token&gt;" /api/dashboard/overview</code></li>
        <li>A live KPI: <code>/api/streams/kpis/perfect_order?period=minute&amp;access_token=&lt;token&gt;</code></li>
        <li>The API: <a href="/openapi/v1.json">/openapi/v1.json</a></li>
        <li>Health: <a href="/health/ready">/health/ready</a></li>
        </ul>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapHomeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Content(Page, "text/html; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }
}
