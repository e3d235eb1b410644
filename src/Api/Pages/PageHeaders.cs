using DashboardFactory.Rendering;

namespace DashboardFactory.Api.Pages;

/// <summary>Response headers every HTML page carries: the policy as a header (where frame-ancestors works), no sniffing, no referrer.</summary>
public static class PageHeaders
{
    /// <summary>Pages the product writes itself (login, consoles): nothing from anywhere but this origin.</summary>
    public const string ShellPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'";

    /// <summary>The cockpit page: the renderer's policy (also in its meta element, same image allow-list) plus frame-ancestors.</summary>
    public static string CockpitPolicy(RenderingOptions rendering) => rendering.Policy + "; frame-ancestors 'none'";

    public static void Apply(HttpResponse response, string policy)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";

        // A page may have been opened with ?access_token= in its address: never hand that URL to anyone.
        headers["Referrer-Policy"] = "no-referrer";
    }
}
