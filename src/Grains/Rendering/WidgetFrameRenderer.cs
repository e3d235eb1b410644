using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.Rendering;

/// <summary>
/// The document a script widget runs in: its HTML and CSS, a small bridge, and its script. It is served with the
/// CSP <c>sandbox allow-scripts</c> and loaded in <c>&lt;iframe sandbox="allow-scripts"&gt;</c> (never
/// allow-same-origin), so the script runs in an opaque origin: it cannot read the page's DOM, storage or cookies,
/// cannot navigate the top page or open windows, and (default-src 'none') cannot fetch anything. It gets its KPI
/// values from the page by postMessage and may post nothing back but "ready".
/// </summary>
public static partial class WidgetFrameRenderer
{
    /// <summary>The frame's policy (a header: the sandbox directive is ignored in a meta element).</summary>
    public static string Policy(IReadOnlyCollection<string> imageSources) =>
        "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        + $"img-src data:{(imageSources.Count == 0 ? string.Empty : " " + string.Join(' ', imageSources))}; font-src data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <param name="widget">The widget as stored in the cockpit document.</param>
    /// <param name="parentOrigin">The page's origin (e.g. <c>https://factory.example</c>): the only sender the bridge listens to.</param>
    public static string Render(JsonObject widget, string parentOrigin)
    {
        ArgumentNullException.ThrowIfNull(widget);
        var title = JsonFields.String(widget["title"]) ?? string.Empty;
        var binding = LiveWidgetBinding.ForScript(JsonFields.String(widget["type"]) ?? "html", widget["config"]);
        var css = CssSanitizer.Sanitize(JsonFields.String(widget["css"]), scope: null, allowFontFace: false);
        var page = new StringBuilder(2048);
        page.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Html.Encode(title)).Append("</title>\n")
            .Append("<style>html,body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}</style>\n");
        if (css.Length > 0)
        {
            page.Append("<style>\n").Append(css).Append("</style>\n");
        }

        page.Append("</head>\n<body>\n").Append(WidgetHtmlSanitizer.Sanitize(JsonFields.String(widget["html"]))).Append('\n');
        page.Append("<script>\n").Append(Bridge(parentOrigin, binding)).Append("</script>\n");
        page.Append("<script>\n").Append(ScriptText(JsonFields.String(widget["script"]) ?? string.Empty)).Append("\n</script>\n");
        return page.Append("</body>\n</html>\n").ToString();
    }

    // What the widget's script sees: window.dashboard.{kpi, period, onKpiValue(fn)}. Messages count only when they
    // come from the parent window and the page's origin; nothing else is ever accepted.
    private static string Bridge(string parentOrigin, LiveWidgetBinding? binding) =>
        $$"""
        (() => {
          const parentOrigin = {{JsonSerializer.Serialize(parentOrigin)}};
          const listeners = [];
          let last = null;
          window.dashboard = Object.freeze({
            kpi: {{JsonSerializer.Serialize(binding?.Kpi)}},
            period: {{JsonSerializer.Serialize(binding is null ? null : Kpis.KpiPeriods.ToWire(binding.Period))}},
            onKpiValue(fn) {
              if (typeof fn !== "function") return;
              listeners.push(fn);
              if (last) fn(last);
            },
          });
          addEventListener("message", (event) => {
            if (event.source !== window.parent || event.origin !== parentOrigin) return;
            const data = event.data;
            if (!data || data.type !== "df:kpiValue" || typeof data.value !== "object") return;
            last = data.value;
            for (const fn of listeners) {
              try { fn(last); } catch (error) { console.error(error); }
            }
          });
          window.parent.postMessage({ type: "df:ready" }, parentOrigin);
        })();

        """;

    // A script element ends at the first "</script" (any case); "<!--" can switch the parser into a state where it
    // does not. Escaping the '/' and '!' keeps the text the same JavaScript where it can occur (strings, regexes).
    private static string ScriptText(string script) =>
        ScriptEnd().Replace(script, "<\\/").Replace("<!--", "<\\!--", StringComparison.Ordinal);

    [System.Text.RegularExpressions.GeneratedRegex("</(?=script)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ScriptEnd();
}
