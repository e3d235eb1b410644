using System.Text.Json.Nodes;
using DashboardFactory.Rendering;
using static DashboardFactory.UnitTests.Rendering.CockpitDocuments;

namespace DashboardFactory.UnitTests.Rendering;

/// <summary>
/// Hostile text in every field the renderer interpolates. Each case renders, re-parses the page as a browser
/// would, and checks the invariants in <see cref="RenderedPageInspector.AssertSafe"/>: only the page's own
/// script element, no on* attributes, no script URLs, no forbidden elements, style elements without "&lt;",
/// nothing outside the layout.
/// </summary>
public sealed class CockpitRendererXssTests
{
    private static readonly string[] MarkupPayloads =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=&#97;lert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\" \u0001javascript:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "</style><script>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "</title><script>alert(1)</script>",
        "</textarea><script>alert(1)</script>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<template><script>alert(1)</script></template>",
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<xmp><p title=\"</xmp><img src=x onerror=alert(1)>\"></xmp>",
        "<img name=getElementById src=x><form id=cockpit></form>",
        "\u003cscript\u003ealert(1)\u003c/script\u003e",
        "\u0000<script>alert(1)</script>",
        "<a href=\"https://ok.example\" onmouseover=\"alert(1)\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</a>",
    ];

    private static readonly string[] CssPayloads =
    [
        "</style><script>alert(1)</script>",
        "</STYLE ><img src=x onerror=alert(1)>",
        "<!--</style><script>alert(1)</script>-->",
        "a{content:\"</style><script>alert(1)</script>\"}",
        "a{color:red}}</style><script>alert(1)</script>",
        "body{background:url(\"javascript:alert(1)\")}",
        "body{background:url(javascript:alert(1))}",
        "a{background:url(jav\\61 script:alert(1))}",
        "a{background:url(\"jav\\61 script:alert(1)\")}",
        "div{width:expression(alert(1))}",
        "div{width:e\\78 pression(alert(1))}",
        "div{width:expr/**/ession(alert(1))}",
        "div{width:\uFF45\uFF58\uFF50\uFF52\uFF45\uFF53\uFF53\uFF49\uFF4F\uFF4E(alert(1))}",
        "@import url(https://evil.example/x.css);",
        "@import 'https://evil.example/x.css';\nb{color:red}",
        "@\\69mport 'https://evil.example/x.css';",
        "a{behavior:url(x.htc)}",
        "a{-moz-binding:url(http://evil.example/xbl#x)}",
        "a{x:url(x\"}</style><script>alert(1)</script>\")}",
        "@media screen{</style><script>alert(1)</script>}",
    ];

    private static readonly string[] TextFields =
        ["title", "widget html", "widget title", "widget id", "widget type", "widget config", "feature id", "feature version", "cockpit id", "cockpit version"];

    public static TheoryData<string, int> MarkupCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var field in TextFields)
        {
            for (var i = 0; i < MarkupPayloads.Length; i++)
            {
                data.Add(field, i);
            }
        }

        return data;
    }

    public static TheoryData<string, int> CssCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var field in new[] { "theme css", "widget css" })
        {
            for (var i = 0; i < CssPayloads.Length; i++)
            {
                data.Add(field, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MarkupCases))]
    public void HostileMarkupInAnyTextFieldCannotInjectScript(string field, int payload)
    {
        var text = MarkupPayloads[payload];
        var (cockpitId, version, document) = WithPayload(field, text);

        var page = CockpitRenderer.Render(cockpitId, version, document);

        var parsed = RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
        // Plain-text fields must survive as text; NUL and C0 controls are legitimately altered by HTML parsing.
        if (field is not "widget html" && !text.Any(char.IsControl))
        {
            ReadBack(parsed, field).Should().Be(field == "widget config" ? new JsonObject { ["note"] = text }.ToJsonString() : text);
        }
    }

    [Theory]
    [MemberData(nameof(CssCases))]
    public void HostileCssCannotLeaveTheStyleElementOrExecute(string field, int payload)
    {
        var css = CssPayloads[payload];
        var document = field == "theme css"
            ? Cockpit("t", css, ("w", Widget()))
            : Cockpit("t", null, ("w", Widget(css: css)));

        var page = CockpitRenderer.Render("c", "1", document);

        RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
    }

    [Fact]
    public void RandomMixturesOfHostileFragmentsStaySafe()
    {
        var fragments = MarkupPayloads.Concat(["<div>", "</div>", "<p class=\"", "\">", "<table><tr><td>", "</td></tr></table>", "<!--", "-->", "<a href='", "'>", "<img src=\""])
            .ToArray();
        var random = new Random(20240601);
        for (var round = 0; round < 200; round++)
        {
            var html = string.Concat(Enumerable.Range(0, random.Next(1, 8)).Select(_ => fragments[random.Next(fragments.Length)]));
            var css = string.Concat(Enumerable.Range(0, random.Next(1, 5)).Select(_ => CssPayloads[random.Next(CssPayloads.Length)]));
            var document = Cockpit(html, css, ("w", Widget(title: html, html: html, css: css)));

            var page = CockpitRenderer.Render("c", "1", document);

            RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
        }
    }

    private static (string CockpitId, string Version, JsonObject Document) WithPayload(string field, string text)
    {
        var widget = Widget(featureId: "f", featureVersion: "1", config: new JsonObject { ["note"] = "x" });
        var id = "w";
        var title = "t";
        string cockpitId = "c", version = "1";
        switch (field)
        {
            case "title": title = text; break;
            case "widget html": widget["html"] = text; break;
            case "widget title": widget["title"] = text; break;
            case "widget id": id = text; break;
            case "widget type": widget["type"] = text; break;
            case "widget config": widget["config"] = new JsonObject { ["note"] = text }; break;
            case "feature id": widget["featureId"] = text; break;
            case "feature version": widget["featureVersion"] = text; break;
            case "cockpit id": cockpitId = text; break;
            case "cockpit version": version = text; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }

        return (cockpitId, version, Cockpit(title, null, (id, widget)));
    }

    private static string? ReadBack(AngleSharp.Html.Dom.IHtmlDocument document, string field)
    {
        var section = document.QuerySelector("section")!;
        return field switch
        {
            "title" => document.QuerySelector("title")!.TextContent,
            "widget title" => section.QuerySelector("h2")!.TextContent,
            "widget id" => section.GetAttribute("data-widget-id"),
            "widget type" => section.GetAttribute("data-type"),
            "widget config" => section.GetAttribute("data-config"),
            "feature id" => section.GetAttribute("data-feature-id"),
            "feature version" => section.GetAttribute("data-feature-version"),
            "cockpit id" => document.Body!.GetAttribute("data-cockpit-id"),
            "cockpit version" => document.Body!.GetAttribute("data-version"),
            _ => null,
        };
    }
}
