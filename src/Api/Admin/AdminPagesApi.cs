using DashboardFactory.Api.Pages;

namespace DashboardFactory.Api.Admin;

/// <summary>
/// /admin (the console: features, votes, releases with their preview, campaigns, rollbacks) and /admin/ops (seed 003's
/// ops board). Both are shells the page scripts fill from the REST API, so they hold no data: any signed-in user gets
/// the shell, and the script sends operators to their cockpit while the API answers them 403 on admin data.
/// Without a token or session cookie a browser is sent to /login and back.
/// </summary>
public static class AdminPagesApi
{
    private const string ConsoleBody = """
        <header class="admin-header" data-role="header"><a class="brand" href="/admin">Dashboard Factory</a>
        <nav><a href="/admin" aria-current="page">Console</a> <a href="/admin/ops" data-role="ops-link">Ops board</a></nav>
        <span class="who" data-role="who"></span></header>
        <main class="admin" data-role="console">
        <section data-role="campaigns-section" hidden><h2>Campaigns</h2><div data-role="campaigns"></div></section>
        <section data-role="features-section"><h2>Features</h2><div data-role="new-feature"></div><div data-role="features"><p class="muted">Loading…</p></div></section>
        </main>
        """;

    private const string OpsBody = """
        <header class="admin-header" data-role="header"><a class="brand" href="/admin">Dashboard Factory</a>
        <nav><a href="/admin">Console</a> <a href="/admin/ops" aria-current="page">Ops board</a></nav>
        <span class="who" data-role="who"></span></header>
        <main class="admin ops" data-role="ops">
        <p class="muted" data-role="updated">Loading…</p>
        <section><h2>Feature flags</h2><div data-role="flags"></div></section>
        <section><h2>Dependencies</h2><div class="graph" data-role="dependency-graph" aria-label="Feature dependency graph"></div></section>
        <section class="ops-grid">
        <div><h2>Silos</h2><div data-role="silos"></div></div>
        <div><h2>Migrations</h2><div data-role="migrations"></div></div>
        <div><h2>KPIs</h2><div data-role="kpis"></div></div>
        <div><h2>Snapshots</h2><div data-role="snapshots"></div></div>
        </section>
        </main>
        """;

    public static IEndpointRouteBuilder MapAdminPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin", (HttpContext http, ClientAssets assets) => Page(http, assets, "admin", "Console · Dashboard Factory", ConsoleBody))
            .RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/admin/ops", (HttpContext http, ClientAssets assets) => Page(http, assets, "ops", "Ops board · Dashboard Factory", OpsBody))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static IResult Page(HttpContext http, ClientAssets assets, string page, string title, string body)
    {
        PageHeaders.Apply(http.Response, PageHeaders.ShellPolicy);
        http.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Content(PageShell.Render(assets, page, title, body), "text/html; charset=utf-8");
    }
}
