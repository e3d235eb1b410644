using System.Text.Json.Nodes;
using DashboardFactory.Kpis;
using DashboardFactory.Rendering;
using static DashboardFactory.UnitTests.Rendering.CockpitDocuments;

namespace DashboardFactory.UnitTests.Rendering;

/// <summary>The DOM hooks of API.md "Browser pages" that the renderer writes for the page script, tests and embedders.</summary>
public sealed class PageHooksTests
{
    [Fact]
    public void TheBodyCarriesTheCockpitIdVersionAndAConnectingStateAndTheHeaderAToolbarSlot()
    {
        var document = RenderedPageInspector.Parse(CockpitRenderer.Render("c-1", "1.4.2", Cockpit("t", null, ("a", Widget()))).Html);

        document.Body!.GetAttribute("data-cockpit-id").Should().Be("c-1");
        document.Body.GetAttribute("data-cockpit-version").Should().Be("1.4.2");
        document.Body.GetAttribute("data-connection").Should().Be("connecting");
        document.QuerySelector("header [data-role=toolbar]").Should().NotBeNull();
    }

    [Fact]
    public void EachWidgetCarriesItsIdTypeAndGridPosition()
    {
        var document = RenderedPageInspector.Parse(CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w1", Widget(x: 2, y: 3, w: 5, h: 4, type: "html")))).Html);

        var widget = document.QuerySelector("[data-widget-id=w1][data-widget-type=html]")!;
        (widget.GetAttribute("data-x"), widget.GetAttribute("data-y"), widget.GetAttribute("data-w"), widget.GetAttribute("data-h"))
            .Should().Be(("2", "3", "5", "4"));
        widget.HasAttribute("data-kpi").Should().BeFalse("an html widget is not live");
        widget.HasAttribute("data-period").Should().BeFalse();
    }

    [Theory]
    [InlineData("stat_card", """{"kpi":"oee","period":"minute"}""", "oee", "minute")]
    [InlineData("line_chart", """{"kpi":"oee","period":"day"}""", "oee", "day")]
    [InlineData("table", """{"kpi":"oee"}""", "oee", "hour")]
    [InlineData("stat_card", """{"kpi":"oee","period":"week"}""", "oee", "hour")]
    public void ALiveWidgetBoundToAKpiCarriesTheKpiAndThePeriodItShows(string type, string config, string kpi, string period)
    {
        var html = CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w", Widget(type: type, config: JsonNode.Parse(config))))).Html;

        var widget = RenderedPageInspector.Parse(html).QuerySelector("[data-widget-id=w]")!;
        widget.GetAttribute("data-kpi").Should().Be(kpi);
        widget.GetAttribute("data-period").Should().Be(period);
        widget.HasAttribute("data-kpis").Should().BeFalse();
    }

    [Fact]
    public void ATableWithAListOfKpisCarriesThemSpaceSeparatedWithoutInvalidOrRepeatedCodes()
    {
        var config = JsonNode.Parse("""{"kpis":["a","b","a","no spaces allowed",7,"c"],"period":"minute"}""");
        var html = CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w", Widget(type: "table", config: config)))).Html;

        var widget = RenderedPageInspector.Parse(html).QuerySelector("[data-widget-id=w]")!;
        widget.GetAttribute("data-kpis").Should().Be("a b c");
        widget.HasAttribute("data-kpi").Should().BeFalse();
        widget.GetAttribute("data-period").Should().Be("minute");
    }

    [Theory]
    [InlineData("stat_card", """{"kpi":"bad code"}""")]
    [InlineData("stat_card", """{"kpi":42}""")]
    [InlineData("stat_card", """{}""")]
    [InlineData("line_chart", """{"kpis":["a"]}""")]
    [InlineData("kpi", """{"kpi":"oee"}""")]
    [InlineData("html", """{"kpi":"oee"}""")]
    public void AWidgetWithoutAValidBindingOrOfAnotherTypeIsNotLive(string type, string config)
    {
        LiveWidgetBinding.Read(type, JsonNode.Parse(config)).Should().BeNull();
        var html = CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w", Widget(type: type, config: JsonNode.Parse(config))))).Html;
        RenderedPageInspector.Parse(html).QuerySelector("[data-widget-id=w]")!.HasAttribute("data-kpi").Should().BeFalse();
    }

    [Fact]
    public void ABindingKnowsItsKpisPeriodAndWhetherItIsAPerKpiTable()
    {
        var single = LiveWidgetBinding.Read("table", JsonNode.Parse("""{"kpi":"oee","kpis":["x"],"period":"day"}"""))!;
        (single.Kpi, single.PerKpi, single.Period).Should().Be(("oee", false, KpiPeriod.Day));
        single.Kpis.Should().Equal("oee");

        var perKpi = LiveWidgetBinding.Read("table", JsonNode.Parse("""{"kpis":["x","y"]}"""))!;
        (perKpi.Kpi, perKpi.PerKpi, perKpi.Period).Should().Be((null, true, LiveWidgetBinding.DefaultPeriod));
        perKpi.Kpis.Should().Equal("x", "y");

        var many = new JsonArray([.. Enumerable.Range(0, 50).Select(i => (JsonNode)$"k{i}")]);
        LiveWidgetBinding.Read("table", new JsonObject { ["kpis"] = many })!.Kpis.Should().HaveCount(LiveWidgetBinding.MaxTableKpis);
    }

    [Fact]
    public void WidgetStylesAreNotSelectedAsWidgets()
    {
        var html = CockpitRenderer.Render("c", "1", Cockpit("t", null, ("w", Widget(css: "p { color: red; }")))).Html;

        var document = RenderedPageInspector.Parse(html);
        document.QuerySelectorAll("[data-widget-id=w]").Should().ContainSingle().Which.LocalName.Should().Be("section");
        document.QuerySelector("style[data-widget-css=w]").Should().NotBeNull();
    }
}
