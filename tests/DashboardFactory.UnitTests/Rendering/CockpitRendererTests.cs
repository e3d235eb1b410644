using System.Text.Json.Nodes;
using DashboardFactory.Rendering;
using static DashboardFactory.UnitTests.Rendering.CockpitDocuments;

namespace DashboardFactory.UnitTests.Rendering;

public sealed class CockpitRendererTests
{
    [Fact]
    public void ThePageIsACompleteHtml5DocumentWithTitleViewportAndStrictCsp()
    {
        var page = CockpitRenderer.Render("op-0042", "v7", Cockpit("Line 4 cockpit", null, ("a", Widget())));

        page.Html.Should().StartWith("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        var document = RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
        document.Title.Should().Be("Line 4 cockpit");
        document.QuerySelector("meta[name=viewport]")!.GetAttribute("content").Should().Contain("width=device-width");
        CockpitRenderer.ContentSecurityPolicy.Should().Contain("default-src 'none'").And.Contain("object-src 'none'");
        CockpitRenderer.ContentSecurityPolicy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal))
            .Trim().Should().Be("script-src 'self'");
        document.Body!.GetAttribute("data-cockpit-id").Should().Be("op-0042");
        document.Body.GetAttribute("data-version").Should().Be("v7");
        document.QuerySelector("h1")!.TextContent.Should().Be("Line 4 cockpit");
    }

    [Fact]
    public void WidgetsAppearInPositionOrderByRowThenColumnThenId()
    {
        var document = Cockpit("t", null,
            ("late", Widget(x: 0, y: 5)),
            ("right", Widget(x: 8, y: 0)),
            ("b-tie", Widget(x: 4, y: 0)),
            ("a-tie", Widget(x: 4, y: 0)),
            ("left", Widget(x: 0, y: 0)),
            ("middle", Widget(x: 6, y: 2)));

        var page = CockpitRenderer.Render("c", "1", document);

        RenderedPageInspector.Parse(page.Html).QuerySelectorAll("section.widget").Select(s => s.GetAttribute("data-widget-id"))
            .Should().Equal("left", "a-tie", "b-tie", "right", "middle", "late");
    }

    [Fact]
    public void HiddenWidgetsAreNotRenderedAtAll()
    {
        var document = Cockpit("t", null,
            ("shown", Widget(html: "<p>visible</p>")),
            ("secret", Widget(y: 3, html: "<p>hidden text</p>", css: ".x{color:red}", hidden: true)));

        var page = CockpitRenderer.Render("c", "1", document);

        RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
        page.Html.Should().NotContain("secret").And.NotContain("hidden text");
    }

    [Fact]
    public void EachWidgetIsASectionWithItsIdentityDataPlacementTitleAndSanitizedHtml()
    {
        var config = new JsonObject { ["kpi"] = "oee", ["limits"] = new JsonArray(80, 95) };
        var document = Cockpit("t", null, ("oee-1", Widget(x: 2, y: 3, w: 5, h: 2, type: "kpi", title: "OEE <today>",
            html: "<table><tr><td>87</td></tr></table><ul><li class=\"ok\" data-k=\"1\">fine</li></ul>",
            featureId: "perfect_order", featureVersion: "4", config: config)));

        var page = CockpitRenderer.Render("c", "1", document);

        var section = RenderedPageInspector.AssertSafe(page, expectedWidgets: 1).QuerySelector("section")!;
        section.Id.Should().Be("widget-oee-1");
        section.ClassName.Should().Be("widget");
        section.GetAttribute("data-widget-id").Should().Be("oee-1");
        section.GetAttribute("data-feature-id").Should().Be("perfect_order");
        section.GetAttribute("data-feature-version").Should().Be("4");
        section.GetAttribute("data-type").Should().Be("kpi");
        JsonNode.DeepEquals(JsonNode.Parse(section.GetAttribute("data-config")!), config).Should().BeTrue();
        section.GetAttribute("style").Should().Be("grid-column:3 / span 5;grid-row:4 / span 2");
        section.QuerySelector("h2")!.TextContent.Should().Be("OEE <today>");
        section.QuerySelector("td")!.TextContent.Should().Be("87");
        section.QuerySelector("li.ok")!.GetAttribute("data-k").Should().Be("1");
    }

    [Fact]
    public void TheBaseTemplateIsATwelveColumnGrid()
    {
        var page = CockpitRenderer.Render("c", "1", Cockpit());

        var baseCss = RenderedPageInspector.Parse(page.Html).QuerySelector("style#cockpit-base")!.TextContent;
        baseCss.Should().Contain(".cockpit-grid{display:grid;grid-template-columns:repeat(12,minmax(0,1fr))");
    }

    [Fact]
    public void ThemeCssComesAfterTheBaseAndWidgetCssAfterTheThemeScopedToItsWidget()
    {
        var document = Cockpit("t", "body{background:#111}",
            ("b", Widget(y: 1, css: ".value, h2 > span{color:red}\n@media (max-width: 600px){.value{font-size:1rem}}")),
            ("a", Widget(y: 0, css: ":scope{border:1px solid}")));

        var page = CockpitRenderer.Render("c", "1", document);

        var styles = RenderedPageInspector.AssertSafe(page, expectedWidgets: 2).QuerySelectorAll("style").ToList();
        styles.Select(s => s.GetAttribute("id") ?? s.GetAttribute("data-widget-css")).Should().Equal("cockpit-base", "cockpit-theme", "a", "b");
        styles[1].TextContent.Should().Contain("body{background:#111}");
        styles[2].TextContent.Should().Contain("#widget-a{border:1px solid}");
        styles[3].TextContent.Should().Contain("#widget-b .value, #widget-b h2 > span{color:red}")
            .And.Contain("@media (max-width: 600px){\n#widget-b .value{font-size:1rem}\n}");
    }

    [Fact]
    public void MissingFieldsFallBackToDefaults()
    {
        var document = new JsonObject { ["widgets"] = new JsonObject { ["bare"] = new JsonObject() } };

        var page = CockpitRenderer.Render("c", "1", document);

        var parsed = RenderedPageInspector.AssertSafe(page, expectedWidgets: 1);
        parsed.Title.Should().Be(CockpitRenderer.DefaultTitle);
        var section = parsed.QuerySelector("section")!;
        section.GetAttribute("style").Should().Be("grid-column:1 / span 12;grid-row:1 / span 1");
        section.GetAttribute("data-type").Should().Be(CockpitRenderer.DefaultWidgetType);
        section.HasAttribute("data-feature-id").Should().BeFalse();
        section.HasAttribute("data-config").Should().BeFalse();
        section.QuerySelector("h2").Should().BeNull();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"title":5,"theme":"dark","widgets":[]}""")]
    [InlineData("""{"title":null,"theme":{"css":42},"widgets":null}""")]
    [InlineData("""{"widgets":{"a":null,"b":5,"c":"text","d":[1,2]}}""")]
    [InlineData("""{"widgets":{"a":{"x":"3","y":null,"w":-4,"h":1e300,"html":7,"css":{},"title":[],"type":false,"hidden":"yes","config":null}}}""")]
    [InlineData("""{"widgets":{"a":{"x":1e400,"y":-1e400,"w":2.9,"h":0,"featureId":1,"featureVersion":{"v":1},"quadrant":9}}}""")]
    [InlineData("""{"widgets":{"a":{"x":11,"w":12,"y":99999999999,"h":-3}}}""")]
    [InlineData("""{"widgets":{"a":{"html":"","css":"","title":"   "}}}""")]
    public void MalformedOrWronglyTypedFieldsNeverThrow(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();

        var render = () => CockpitRenderer.Render("c", "1", document);

        render.Should().NotThrow().Which.Html.Should().StartWith("<!doctype html>");
    }

    [Fact]
    public void GeometryIsClampedToTheGrid()
    {
        var document = JsonNode.Parse("""{"widgets":{"a":{"x":11,"w":5,"y":-2,"h":0},"b":{"x":-3,"w":40,"y":2.7,"h":2.2}}}""")!.AsObject();

        var page = CockpitRenderer.Render("c", "1", document);

        var sections = RenderedPageInspector.AssertSafe(page, expectedWidgets: 2).QuerySelectorAll("section");
        sections[0].GetAttribute("style").Should().Be("grid-column:12 / span 1;grid-row:1 / span 1");
        sections[1].GetAttribute("style").Should().Be("grid-column:1 / span 12;grid-row:3 / span 2");
    }

    [Fact]
    public void NumbersBuiltInCodeReadTheSameAsParsedOnes()
    {
        var built = Cockpit("t", null, ("a", new JsonObject { ["x"] = 3L, ["y"] = 2m, ["w"] = (short)4, ["h"] = 2.0f }));
        var parsed = JsonNode.Parse(built.ToJsonString())!.AsObject();

        CockpitRenderer.Render("c", "1", built).Should().Be(CockpitRenderer.Render("c", "1", parsed));
        CockpitRenderer.Render("c", "1", built).Html.Should().Contain("grid-column:4 / span 4;grid-row:3 / span 2");
    }

    [Fact]
    public void InlineRasterImagesAndHttpsImagesAreKept()
    {
        const string png = "data:image/png;base64,iVBORw0KGgo=";
        var document = Cockpit("t", null, ("a", Widget(html: $"<img src=\"{png}\" alt=\"logo\"><img src=\"https://cdn.example/a.png\"><a href=\"https://wiki.example/x\">doc</a>")));

        var images = RenderedPageInspector.AssertSafe(CockpitRenderer.Render("c", "1", document), 1).QuerySelectorAll("img");

        images.Select(i => i.GetAttribute("src")).Should().Equal(png, "https://cdn.example/a.png");
    }

    [Fact]
    public void TheETagIsAStrongQuotedBase64UrlHashPrefix()
    {
        var page = CockpitRenderer.Render("c", "1", Cockpit());

        page.ETag.Should().MatchRegex("^\"[A-Za-z0-9_-]{22}\"$");
        page.ETag.Should().Be(CockpitRenderer.ComputeETag(page.Html));
    }

    [Fact]
    public void TheSameInputGivesTheSameBytesAndETag()
    {
        var first = CockpitRenderer.Render("c", "1", TwentyWidgets());
        var second = CockpitRenderer.Render("c", "1", JsonNode.Parse(TwentyWidgets().ToJsonString())!.AsObject());

        second.Html.Should().Be(first.Html);
        second.ETag.Should().Be(first.ETag);
    }

    [Fact]
    public void RenderingConcurrentlyGivesTheSameResultAsRenderingAlone()
    {
        var expected = CockpitRenderer.Render("c", "1", TwentyWidgets());

        var results = new RenderedPage[64];
        Parallel.For(0, results.Length, i => results[i] = CockpitRenderer.Render("c", "1", TwentyWidgets()));

        results.Should().AllSatisfy(r => r.Should().Be(expected));
    }

    public static TheoryData<string> VisibleChanges => new(VisibleChangeCatalog.Keys);

    [Theory]
    [MemberData(nameof(VisibleChanges))]
    public void AnyChangeToAVisibleFieldChangesTheETag(string change)
    {
        var document = BaseForChanges();
        var before = CockpitRenderer.Render("c", "1", document);

        var (cockpitId, version) = VisibleChangeCatalog[change](document);
        var after = CockpitRenderer.Render(cockpitId, version, document);

        after.ETag.Should().NotBe(before.ETag);
    }

    [Fact]
    public void ChangesToAHiddenWidgetDoNotChangeTheETag()
    {
        var document = BaseForChanges();
        var before = CockpitRenderer.Render("c", "1", document);

        var hidden = document["widgets"]!["h"]!;
        hidden["html"] = "<p>other</p>";
        hidden["x"] = 7;
        var after = CockpitRenderer.Render("c", "1", document);

        after.ETag.Should().Be(before.ETag);
    }

    private static readonly Dictionary<string, Func<JsonObject, (string, string)>> VisibleChangeCatalog = new()
    {
        ["title"] = Document(d => d["title"] = "Other"),
        ["theme css"] = Document(d => d["theme"]!["css"] = "body{color:blue}"),
        ["widget x"] = Document(d => d["widgets"]!["a"]!["x"] = 1),
        ["widget y"] = Document(d => d["widgets"]!["a"]!["y"] = 9),
        ["widget w"] = Document(d => d["widgets"]!["a"]!["w"] = 5),
        ["widget h"] = Document(d => d["widgets"]!["a"]!["h"] = 3),
        ["widget html"] = Document(d => d["widgets"]!["a"]!["html"] = "<p>88%</p>"),
        ["widget css"] = Document(d => d["widgets"]!["a"]!["css"] = ".v{color:blue}"),
        ["widget title"] = Document(d => d["widgets"]!["a"]!["title"] = "Scrap"),
        ["widget type"] = Document(d => d["widgets"]!["a"]!["type"] = "chart"),
        ["widget config"] = Document(d => d["widgets"]!["a"]!["config"]!["kpi"] = "scrap"),
        ["feature version"] = Document(d => d["widgets"]!["a"]!["featureVersion"] = "5"),
        ["feature id"] = Document(d => d["widgets"]!["a"]!["featureId"] = "other"),
        ["widget hidden"] = Document(d => d["widgets"]!["a"]!["hidden"] = true),
        ["hidden widget shown"] = Document(d => d["widgets"]!["h"]!["hidden"] = false),
        ["widget added"] = Document(d => d["widgets"]!["n"] = Widget(y: 4)),
        ["widget removed"] = Document(d => d["widgets"]!.AsObject().Remove("b")),
        ["widget renamed"] = Document(d =>
        {
            var widgets = d["widgets"]!.AsObject();
            var b = widgets["b"]!;
            widgets.Remove("b");
            widgets["b2"] = b;
        }),
        ["cockpit version"] = _ => ("c", "2"),
        ["cockpit id"] = _ => ("d", "1"),
    };

    private static Func<JsonObject, (string, string)> Document(Action<JsonObject> change) => document =>
    {
        change(document);
        return ("c", "1");
    };

    private static JsonObject BaseForChanges() => Cockpit("Base", "body{color:red}",
        ("a", Widget(x: 0, y: 0, css: ".v{color:red}", featureId: "f", featureVersion: "4", config: new JsonObject { ["kpi"] = "oee" })),
        ("b", Widget(x: 4, y: 0)),
        ("h", Widget(x: 8, y: 0, hidden: true)));
}
