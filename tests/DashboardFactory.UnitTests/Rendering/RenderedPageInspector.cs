using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using DashboardFactory.Rendering;

namespace DashboardFactory.UnitTests.Rendering;

/// <summary>
/// Parses a rendered page the way a browser would (AngleSharp's HTML5 parser) and checks the XSS invariants on
/// the resulting tree, so the tests do not depend on how the renderer happens to spell its output.
/// </summary>
internal static class RenderedPageInspector
{
    // Attributes a browser treats as URLs to navigate to, load or submit to.
    private static readonly string[] UrlAttributes =
        ["href", "src", "action", "formaction", "xlink:href", "srcset", "background", "poster", "cite", "data", "lowsrc", "dynsrc", "longdesc", "ping"];

    private static readonly string[] ForbiddenElements =
        ["iframe", "frame", "object", "embed", "svg", "math", "base", "link", "form", "applet", "template", "noscript", "xmp", "frameset"];

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>The one frame a page may hold: a script widget's, sandboxed to scripts only, loaded from this site's frame path.</summary>
    public static bool IsScriptWidgetFrame(IElement frame) =>
        frame.ClassList.Contains("widget-frame")
        && frame.GetAttribute("sandbox") == "allow-scripts"
        && frame.GetAttribute("src") is { } src && src.StartsWith("/cockpits/", StringComparison.Ordinal) && src.EndsWith("/frame", StringComparison.Ordinal)
        && frame.Attributes.Length == 6
        && frame.ParentElement?.ClassList.Contains("widget-body") == true
        && frame.ChildNodes.Length == 0;

    /// <summary>Asserts every invariant; returns the parsed document for further checks.</summary>
    public static IHtmlDocument AssertSafe(RenderedPage page, int expectedWidgets)
    {
        var document = Parse(page.Html);
        // No script at all: the host puts the page's own script where the placeholder is, before any document text.
        document.QuerySelectorAll("script").Should().BeEmpty("no script may come from the document");
        var placeholder = page.Html.IndexOf(CockpitRenderer.AssetsPlaceholder, StringComparison.Ordinal);
        placeholder.Should().BePositive("the page has the placeholder for its assets");
        placeholder.Should().BeLessThan(page.Html.IndexOf("<title>", StringComparison.Ordinal), "the placeholder comes before any text of the document");

        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes)
            {
                attribute.Name.Should().NotStartWith("on", $"<{element.LocalName}> must carry no event handler");
                if (Array.IndexOf(UrlAttributes, attribute.Name.ToLowerInvariant()) >= 0)
                {
                    var url = Squash(attribute.Value);
                    url.Should().NotStartWith("javascript:").And.NotStartWith("vbscript:").And.NotStartWith("data:text")
                        .And.NotStartWith("data:image/svg", $"<{element.LocalName} {attribute.Name}> must not be a script URL");
                }

                if (attribute.Name == "style")
                {
                    AssertNoDangerousCss(attribute.Value);
                }
            }

            if (element.LocalName == "iframe" && IsScriptWidgetFrame(element))
            {
                continue;
            }

            Array.IndexOf(ForbiddenElements, element.LocalName).Should().BeLessThan(0, $"<{element.LocalName}> must not be rendered");
        }

        foreach (var style in document.QuerySelectorAll("style"))
        {
            style.ParentElement!.LocalName.Should().Be("head");
            style.TextContent.Should().NotContain("<").And.NotContainEquivalentOf("</style");
            AssertNoDangerousCss(style.TextContent);
        }

        document.QuerySelectorAll("meta").Select(m => m.GetAttribute("http-equiv") ?? m.GetAttribute("name") ?? "charset")
            .Should().Equal(["charset", "Content-Security-Policy", "viewport"], "the payload must not add meta elements");
        document.QuerySelectorAll("meta[http-equiv]").Single().GetAttribute("content").Should().Be(CockpitRenderer.ContentSecurityPolicy);
        document.Body!.Children.Select(c => c.LocalName).Should().Equal(["header", "main"], "nothing may break out of the layout");
        document.QuerySelector("main")!.Children.Should().HaveCount(expectedWidgets).And.OnlyContain(c => c.LocalName == "section");
        document.QuerySelectorAll("section.widget").Should().HaveCount(expectedWidgets);
        return document;
    }

    private static void AssertNoDangerousCss(string css)
    {
        var squashed = Squash(css);
        foreach (var needle in new[] { "ression(", "script:", "@import", "\\69mport", "behavior", "binding", "</style" })
        {
            squashed.Should().NotContain(needle, $"CSS must not keep \"{needle}\": {css}");
        }
    }

    /// <summary>Lower case, compatibility forms folded, whitespace and control characters removed.</summary>
    private static string Squash(string text)
    {
        var normalised = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }
}
