using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;

namespace DashboardFactory.UnitTests.Cockpits;

public sealed class ReleaseApplierTests
{
    private static FeatureRelease Release(string id, InjectionMode mode, string? quadrant = null, int w = 4, int h = 2, string version = "1.0.0") =>
        new(id, version, ChangeType.Safe, new WidgetRelease("kpi", "T", w, h, "<p>x</p>", "", "{}"), mode, quadrant);

    private static JsonObject Document(params (string Id, int X, int Y, int W, int H)[] widgets)
    {
        var document = CockpitDocument.Empty("t");
        foreach (var (id, x, y, w, h) in widgets)
        {
            CockpitDocument.Widgets(document)[id] = new JsonObject { ["type"] = "note", ["title"] = id, ["x"] = x, ["y"] = y, ["w"] = w, ["h"] = h };
        }

        return document;
    }

    private static (int X, int Y, int W, int H) Placed(JsonObject document, string id)
    {
        var widget = CockpitDocument.Widgets(document)[id]!;
        return (widget["x"]!.GetValue<int>(), widget["y"]!.GetValue<int>(), widget["w"]!.GetValue<int>(), widget["h"]!.GetValue<int>());
    }

    [Fact]
    public void ANewWidgetIsPlacedAgainstWhatTheOperatorSeesNotThePristineLayout()
    {
        var pristine = Document();
        var current = Document(("mine", 0, 0, 6, 2));

        var result = ReleaseApplier.Apply(Release("feat", InjectionMode.Smart), pristine, current);

        Placed(result, "feat").Should().Be((6, 0, 4, 2), "the operator's own widget occupies columns 0-5 of the first rows");
    }

    [Fact]
    public void AppendPutsTheWidgetBelowEverything()
    {
        var current = Document(("a", 0, 0, 12, 3), ("b", 0, 3, 4, 2));

        var result = ReleaseApplier.Apply(Release("feat", InjectionMode.Append), Document(), current);

        Placed(result, "feat").Should().Be((0, 5, 4, 2));
    }

    [Fact]
    public void QuadrantPlacesTheWidgetInTheNamedQuadrant()
    {
        var current = Document(("a", 0, 0, 6, 2), ("b", 6, 0, 6, 2), ("c", 0, 2, 6, 2), ("d", 6, 2, 2, 2));

        var result = ReleaseApplier.Apply(Release("feat", InjectionMode.Quadrant, "se", w: 3), Document(), current);

        var (x, y, _, _) = Placed(result, "feat");
        x.Should().BeGreaterThanOrEqualTo(6, "east is columns 6-11");
        y.Should().BeGreaterThanOrEqualTo(2, "south starts at the content's midpoint");
        CockpitDocument.Widgets(result)["feat"]!["quadrant"]!.GetValue<string>().Should().Be("se");
    }

    [Fact]
    public void AnUpgradeKeepsTheFactorysEarlierPlacementAndCarriesTheNewContent()
    {
        var first = ReleaseApplier.Apply(Release("feat", InjectionMode.Smart), Document(), Document(("mine", 0, 0, 6, 2)));
        var upgrade = new FeatureRelease("feat", "1.1.0", ChangeType.Reviewed, new WidgetRelease("kpi", "T2", 4, 3, "<p>y</p>", ".a{}", "{\"k\":1}"), InjectionMode.Append, null);

        var second = ReleaseApplier.Apply(upgrade, first, Document());

        Placed(second, "feat").Should().Be((6, 0, 4, 3));
        var widget = CockpitDocument.Widgets(second)["feat"]!;
        widget["featureVersion"]!.GetValue<string>().Should().Be("1.1.0");
        widget["html"]!.GetValue<string>().Should().Be("<p>y</p>");
        widget["config"]!["k"]!.GetValue<int>().Should().Be(1);
        CockpitDocument.Validate(second).Should().BeEmpty();
    }

    [Fact]
    public void RemovingAFeatureTakesOutOnlyItsWidgetsAndLeavesTheInputAlone()
    {
        var pristine = ReleaseApplier.Apply(Release("feat", InjectionMode.Smart), Document(("other", 0, 0, 2, 1)), Document());
        var text = pristine.ToJsonString();

        var result = ReleaseApplier.Remove("feat", pristine);

        CockpitDocument.Widgets(result).Select(w => w.Key).Should().Equal("other");
        pristine.ToJsonString().Should().Be(text);
    }

    [Fact]
    public void AppliedDocumentsAreValid()
    {
        var result = ReleaseApplier.Apply(Release("feat", InjectionMode.Smart, w: 20, h: 500), Document(), Document());

        CockpitDocument.Validate(result).Should().BeEmpty();
        Placed(result, "feat").W.Should().Be(12);
    }
}
