using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using DashboardFactory.Kpis;

namespace DashboardFactory.Rendering;

/// <summary>Renders a cockpit document into a complete, self-contained HTML5 page.</summary>
/// <remarks>
/// <para>Documents keep text exactly as written; everything is made safe here, for the context it lands in:
/// text and attribute values are HTML-encoded, widget HTML goes through <see cref="WidgetHtmlSanitizer"/>,
/// theme and widget CSS through <see cref="CssSanitizer"/>, the widget id inside CSS is a CSS escape. The
/// Content-Security-Policy is the second line: even if something slipped through, no inline script runs.</para>
/// <para>Output is a pure function of the arguments (no clock, no random nonce, no culture, widgets in a total
/// order), because the ETag is a hash of it and 10,000 cockpits are re-rendered and compared by it.</para>
/// <para>Missing or wrongly typed fields never throw: title "Untitled", type "html", x 0, y 0, w 12, h 1,
/// no css, no html, visible. Geometry is clamped to the grid: x 0..11, w 1..12-x, y and h at most 10,000.</para>
/// </remarks>
public static class CockpitRenderer
{
    public const string DefaultTitle = "Untitled";
    public const string DefaultWidgetType = "html";
    /// <summary>
    /// Where the host puts the page's stylesheet and script. The grain renders on a silo, which does not know the
    /// API node's fingerprinted asset names (they change with every front-end build), so the API node replaces this
    /// comment. It comes right after the policy and viewport meta elements, before any text that came from the document, so the first
    /// occurrence is always this one.
    /// </summary>
    public const string AssetsPlaceholder = "<!--df:assets-->";

    /// <summary>
    /// The policy with no image allow-list (<see cref="Policy"/> adds one). Also what a host should send as a header,
    /// where frame-ancestors can be added (browsers ignore that directive in a meta element). script-src 'self' is
    /// the point: only the page's bundled script, never inline script; widget scripts run in frames of this site
    /// (frame-src 'self') that are sandboxed into an origin of their own. Images only from this site and data:
    /// unless configured. Styles must allow 'unsafe-inline' because the theme and widget CSS are inline by design;
    /// a nonce would have to change per response and would break the deterministic ETag.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' https: data:; connect-src 'self'; frame-src 'self'; "
        + "base-uri 'none'; form-action 'none'; object-src 'none'";

    /// <summary>The widget's frame, where its script runs (<see cref="WidgetFrameRenderer"/>).</summary>
    public static string FramePath(string cockpitId, string widgetId) =>
        $"/cockpits/{Uri.EscapeDataString(cockpitId)}/widgets/{Uri.EscapeDataString(widgetId)}/frame";

    /// <summary><see cref="ContentSecurityPolicy"/> with images also allowed from <paramref name="imageSources"/>.</summary>
    public static string Policy(IReadOnlyCollection<string> imageSources) =>
        imageSources.Count == 0
            ? ContentSecurityPolicy
            : ContentSecurityPolicy.Replace("img-src 'self' data:", "img-src 'self' data: " + string.Join(' ', imageSources), StringComparison.Ordinal);

    private const int Columns = 12;
    private const int MaxRow = 10_000;

    // The base template. .widget is a containing block for fixed-position descendants (contain: paint) and
    // clips its content, so widget markup or CSS cannot lay itself over the rest of the cockpit.
    private const string BaseCss =
        "*,*::before,*::after{box-sizing:border-box}\n"
        + "body{margin:0;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\n"
        + ".cockpit-header{padding:8px 16px}\n"
        + ".cockpit-title{margin:0;font-size:1.25rem}\n"
        + ".cockpit-grid{display:grid;grid-template-columns:repeat(12,minmax(0,1fr));grid-auto-rows:minmax(80px,auto);gap:8px;padding:8px}\n"
        + ".widget{position:relative;min-width:0;overflow:auto;contain:layout paint}\n"
        + ".widget-title{margin:0 0 4px;font-size:1rem}\n"
        + ".widget-frame{display:block;width:100%;height:100%;min-height:60px;border:0}\n"
        // Phone width: one column in document order, whatever the desktop placement says (!important beats the inline grid position).
        + "@media (max-width:640px){.cockpit-grid{grid-template-columns:minmax(0,1fr)}.widget{grid-column:1/-1!important;grid-row:auto!important}}\n";

    // All of Unicode stays readable; HtmlEncoder still encodes everything HTML-significant (< > & " ' and more).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static RenderedPage Render(string cockpitId, string version, JsonObject document, string? policy = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var title = JsonFields.String(document["title"]);
        if (string.IsNullOrWhiteSpace(title))
        {
            title = DefaultTitle;
        }

        var themeCss = JsonFields.String((document["theme"] as JsonObject)?["css"]);
        var widgets = ReadVisibleWidgets(document["widgets"] as JsonObject);

        var page = new StringBuilder(4096 + (widgets.Count * 1024));
        page.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        AppendEncoded(page, policy ?? ContentSecurityPolicy);
        page.Append("\">\n");
        page.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.Append(AssetsPlaceholder).Append('\n');
        page.Append("<title>");
        AppendEncoded(page, title);
        page.Append("</title>\n");
        page.Append("<style id=\"cockpit-base\">\n").Append(BaseCss).Append("</style>\n");

        var theme = CssSanitizer.Sanitize(themeCss, scope: null, allowFontFace: true);
        if (theme.Length > 0)
        {
            page.Append("<style id=\"cockpit-theme\">\n").Append(theme).Append("</style>\n");
        }

        foreach (var widget in widgets)
        {
            var css = CssSanitizer.Sanitize(widget.Css, CssSanitizer.WidgetScope(widget.Id), allowFontFace: false);
            if (css.Length > 0)
            {
                // data-widget-css, not data-widget-id: [data-widget-id] selects widgets (API.md), never their styles.
                page.Append("<style data-widget-css=\"");
                AppendEncoded(page, widget.Id);
                page.Append("\">\n").Append(css).Append("</style>\n");
            }
        }

        page.Append("</head>\n<body data-cockpit-id=\"");
        AppendEncoded(page, cockpitId ?? string.Empty);
        // data-version is the original spelling; data-cockpit-version is the one API.md names for scripts and tests.
        page.Append("\" data-version=\"");
        AppendEncoded(page, version ?? string.Empty);
        page.Append("\" data-cockpit-version=\"");
        AppendEncoded(page, version ?? string.Empty);
        page.Append("\" data-connection=\"connecting\">\n<header class=\"cockpit-header\"><h1 class=\"cockpit-title\">");
        AppendEncoded(page, title);
        page.Append("</h1><div class=\"cockpit-toolbar\" data-role=\"toolbar\"></div></header>\n<main class=\"cockpit-grid\">\n");

        foreach (var widget in widgets)
        {
            AppendWidget(page, cockpitId ?? string.Empty, widget);
        }

        page.Append("</main>\n</body>\n</html>\n");

        var html = page.ToString();
        return new RenderedPage(html, ComputeETag(html));
    }

    /// <summary>A strong ETag: the first 22 base64url characters (132 bits) of the SHA-256 of the UTF-8 page, quoted.</summary>
    public static string ComputeETag(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(html.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(html, buffer);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            Span<char> encoded = stackalloc char[Base64Url.GetEncodedLength(SHA256.HashSizeInBytes)];
            Base64Url.EncodeToChars(hash, encoded);
            return string.Concat("\"", encoded[..22], "\"");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void AppendWidget(StringBuilder page, string cockpitId, RenderedWidget widget)
    {
        page.Append("<section class=\"widget\" id=\"widget-");
        AppendEncoded(page, widget.Id);
        page.Append("\" data-widget-id=\"");
        AppendEncoded(page, widget.Id);
        page.Append('"');
        if (widget.FeatureId is not null)
        {
            page.Append(" data-feature-id=\"");
            AppendEncoded(page, widget.FeatureId);
            page.Append('"');
        }

        if (widget.FeatureVersion is not null)
        {
            page.Append(" data-feature-version=\"");
            AppendEncoded(page, widget.FeatureVersion);
            page.Append('"');
        }

        // data-type is the original spelling; data-widget-type is the one API.md names.
        page.Append(" data-type=\"");
        AppendEncoded(page, widget.Type);
        page.Append("\" data-widget-type=\"");
        AppendEncoded(page, widget.Type);
        page.Append('"');
        if (widget.HasScript)
        {
            page.Append(" data-script=\"\"");
        }

        if (widget.Live is { } live)
        {
            page.Append(live.Kpi is null ? " data-kpis=\"" : " data-kpi=\"");
            AppendEncoded(page, string.Join(' ', live.Kpis));
            page.Append("\" data-period=\"").Append(live.Period.ToWire()).Append('"');
        }
        if (widget.ConfigJson is not null)
        {
            page.Append(" data-config=\"");
            AppendEncoded(page, widget.ConfigJson);
            page.Append('"');
        }

        // Placement is inline, from integers only, so the script can move a widget by rewriting one attribute.
        page.Append(CultureInfo.InvariantCulture, $" data-x=\"{widget.X}\" data-y=\"{widget.Y}\" data-w=\"{widget.W}\" data-h=\"{widget.H}\"");
        page.Append(CultureInfo.InvariantCulture, $" style=\"grid-column:{widget.X + 1} / span {widget.W};grid-row:{widget.Y + 1} / span {widget.H}\">\n");
        if (!string.IsNullOrWhiteSpace(widget.Title))
        {
            page.Append("<h2 class=\"widget-title\">");
            AppendEncoded(page, widget.Title);
            page.Append("</h2>\n");
        }

        if (widget.HasScript)
        {
            // The widget's HTML and script live in a frame of their own (sandboxed: an opaque origin, no top-level
            // navigation, no popups); the page only posts the widget its KPI values.
            page.Append("<div class=\"widget-body\"><iframe class=\"widget-frame\" data-role=\"frame\" sandbox=\"allow-scripts\" referrerpolicy=\"no-referrer\" title=\"");
            AppendEncoded(page, string.IsNullOrWhiteSpace(widget.Title) ? widget.Id : widget.Title);
            page.Append("\" src=\"");
            AppendEncoded(page, FramePath(cockpitId, widget.Id));
            page.Append("\"></iframe></div>\n</section>\n");
            return;
        }

        page.Append("<div class=\"widget-body\">").Append(WidgetHtmlSanitizer.Sanitize(widget.Html)).Append("</div>\n</section>\n");
    }

    /// <summary>Visible widgets in position order: by y, then x, then id (ordinal), which is total since ids are keys.</summary>
    private static List<RenderedWidget> ReadVisibleWidgets(JsonObject? widgets)
    {
        var result = new List<RenderedWidget>(widgets?.Count ?? 0);
        if (widgets is null)
        {
            return result;
        }

        foreach (var (id, node) in widgets)
        {
            if (node is not JsonObject widget || JsonFields.Boolean(widget["hidden"]))
            {
                continue;
            }

            var x = JsonFields.Integer(widget["x"], 0, 0, Columns - 1);
            var y = JsonFields.Integer(widget["y"], 0, 0, MaxRow);
            var w = JsonFields.Integer(widget["w"], Columns, 1, Columns - x);
            var h = JsonFields.Integer(widget["h"], 1, 1, MaxRow);
            var type = JsonFields.String(widget["type"]);
            var config = widget["config"];
            var resolvedType = string.IsNullOrEmpty(type) ? DefaultWidgetType : type;
            result.Add(new RenderedWidget(
                id,
                JsonFields.String(widget["featureId"]),
                JsonFields.StringOrNumber(widget["featureVersion"]),
                resolvedType,
                JsonFields.String(widget["title"]),
                x,
                y,
                Math.Min(w, Columns - x),
                h,
                config is null ? null : config.ToJsonString(),
                JsonFields.String(widget["html"]),
                JsonFields.String(widget["css"]),
                LiveWidgetBinding.Read(resolvedType, config) ?? (string.IsNullOrEmpty(JsonFields.String(widget["script"])) ? null : LiveWidgetBinding.ForScript(resolvedType, config)),
                !string.IsNullOrEmpty(JsonFields.String(widget["script"]))));
        }

        result.Sort(static (a, b) =>
        {
            var byRow = a.Y.CompareTo(b.Y);
            if (byRow != 0)
            {
                return byRow;
            }

            var byColumn = a.X.CompareTo(b.X);
            return byColumn != 0 ? byColumn : string.CompareOrdinal(a.Id, b.Id);
        });
        return result;
    }

    // Encode returns its argument when nothing needs encoding, so the common case allocates nothing.
    private static void AppendEncoded(StringBuilder page, string value) => page.Append(Html.Encode(value));
}
