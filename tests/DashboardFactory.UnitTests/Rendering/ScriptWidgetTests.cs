using System.Text.Json.Nodes;
using DashboardFactory.Rendering;
using static DashboardFactory.UnitTests.Rendering.CockpitDocuments;

namespace DashboardFactory.UnitTests.Rendering;

/// <summary>A widget's script never reaches the page: it runs in a sandboxed frame of its own (API.md "Widget types").</summary>
public sealed class ScriptWidgetTests
{
    private const string Hostile = "document.cookie; parent.document.body.remove(); top.location = 'https://evil.example/';";

    private static JsonObject ScriptWidget(string script, JsonNode? config = null)
    {
        var widget = Widget(type: "custom", html: "<p id=\"x\">hello</p>", config: config);
        widget["script"] = script;
        return widget;
    }

    [Fact]
    public void TheWidgetIsRenderedAsASandboxedFrameOfThisSiteAndTheScriptTextIsNowhereInThePage()
    {
        var page = CockpitRenderer.Render("c-1", "1", Cockpit("t", null, ("w1", ScriptWidget(Hostile))));

        var document = RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
        var frame = document.QuerySelector("[data-widget-id=w1] iframe")!;
        RenderedPageInspector.IsScriptWidgetFrame(frame).Should().BeTrue();
        frame.GetAttribute("src").Should().Be("/cockpits/c-1/widgets/w1/frame");
        frame.GetAttribute("sandbox").Should().Be("allow-scripts", "never allow-same-origin, allow-top-navigation or allow-popups");
        document.QuerySelector("[data-widget-id=w1]")!.HasAttribute("data-script").Should().BeTrue();
        page.Html.Should().NotContain("evil.example").And.NotContain("hello", "the widget's html goes into its frame too");
    }

    [Fact]
    public void AScriptWidgetBoundToAKpiCarriesTheBindingSoThePageSendsItValues()
    {
        var page = CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w", ScriptWidget("1", new JsonObject { ["kpi"] = "oee", ["period"] = "minute" }))));

        var widget = RenderedPageInspector.Parse(page.Html).QuerySelector("[data-widget-id=w]")!;
        (widget.GetAttribute("data-kpi"), widget.GetAttribute("data-period")).Should().Be(("oee", "minute"));
    }

    [Fact]
    public void ThePagePolicyAllowsFramesOnlyFromThisSiteAndImagesFromThisSiteDataAndTheAllowList()
    {
        CockpitRenderer.ContentSecurityPolicy.Should().Contain("frame-src 'self'").And.Contain("img-src 'self' data:;");
        CockpitRenderer.Policy(["https://cdn.example.com"]).Should().Contain("img-src 'self' data: https://cdn.example.com;");
        var page = CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w", Widget())), CockpitRenderer.Policy(["https://cdn.example.com"]));
        RenderedPageInspector.Parse(page.Html).QuerySelector("meta[http-equiv]")!.GetAttribute("content").Should().Contain("https://cdn.example.com");
    }

    [Theory]
    [InlineData("https://cdn.example.com", true)]
    [InlineData("https://*.example.com", true)]
    [InlineData("cdn.example.com:8443/img/", true)]
    [InlineData("https:", true)]
    [InlineData("'unsafe-inline'", false)]
    [InlineData("https://a.example; script-src *", false)]
    [InlineData("https://a.example https://b.example", false)]
    [InlineData("https://a.example,b", false)]
    [InlineData("", false)]
    public void OnlyPlainSourceExpressionsAreAcceptedAsImageSources(string source, bool valid) =>
        new RenderingOptions { ImageSources = [source] }.IsValid.Should().Be(valid);

    [Fact]
    public void TheFrameHoldsTheSanitizedHtmlTheBridgeAndTheScriptWhichCannotEndItsElementEarly()
    {
        var widget = ScriptWidget("var s = '</script><img src=x onerror=alert(1)>'; <!-- x", new JsonObject { ["kpi"] = "oee" });
        widget["html"] = "<p>hi</p><img src=x onerror=\"alert(1)\">";

        var html = WidgetFrameRenderer.Render(widget, "https://factory.example");

        var document = RenderedPageInspector.Parse(html);
        var scripts = document.QuerySelectorAll("script");
        scripts.Should().HaveCount(2, "the bridge and the widget's script, nothing else");
        scripts[0].TextContent.Should().Contain("\"https://factory.example\"").And.Contain("\"oee\"").And.Contain("\"hour\"");
        scripts[1].TextContent.Should().Contain("'<\\/script><img src=x onerror=alert(1)>'").And.Contain("<\\!-- x");
        document.QuerySelectorAll("img").Single().HasAttribute("onerror").Should().BeFalse("the widget's html is sanitized as on the page");
        WidgetFrameRenderer.Policy([]).Should().StartWith("sandbox allow-scripts;").And.Contain("default-src 'none'").And.Contain("frame-ancestors 'self'");
    }
}
