using System.Text.Json.Nodes;
using DashboardFactory.Merging;

namespace DashboardFactory.UnitTests.Merging;

public sealed class CockpitMergeTests
{
    private const string Html = "<div class=\"kpi\">\n  <span>{{value}}</span>\n  <small>{{unit}}</small>\n</div>\n";

    [Fact]
    public void TheOperatorsMoveAndTheFactorysHtmlChangeAreBothKept()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => { w["x"] = 7; w["y"] = 3; });
        var theirs = Cockpit(w1: w => w["html"] = Html.Replace("{{unit}}", "{{unit}} / h"));

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().BeEmpty();
        JsonNode.DeepEquals(result.Merged, Cockpit(w1: w =>
        {
            w["x"] = 7;
            w["y"] = 3;
            w["html"] = Html.Replace("{{unit}}", "{{unit}} / h");
        })).Should().BeTrue(result.Merged!.ToJsonString());
    }

    [Fact]
    public void HtmlLinesEditedByTheOperatorAndByTheFactoryAreBothKept()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => w["html"] = Html.Replace("<div class=\"kpi\">", "<div class=\"kpi big\">"));
        var theirs = Cockpit(w1: w => w["html"] = Html.Replace("{{unit}}", "{{unit}} / h"));

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().BeEmpty();
        result.Merged!["widgets"]!["w1"]!["html"]!.GetValue<string>().Should().Be(
            "<div class=\"kpi big\">\n  <span>{{value}}</span>\n  <small>{{unit}} / h</small>\n</div>\n");
    }

    [Fact]
    public void WhenBothEditTheSameHtmlLineTheOperatorsLineIsKeptAndTheConflictReported()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => w["html"] = Html.Replace("{{value}}", "{{value | round}}"));
        var theirs = Cockpit(w1: w =>
        {
            w["html"] = Html.Replace("{{value}}", "{{value | percent}}");
            w["featureVersion"] = 2;
        });

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w1.html", MergeConflictKind.Text));
        result.Merged!["widgets"]!["w1"]!["html"]!.GetValue<string>().Should().Be(Html.Replace("{{value}}", "{{value | round}}"));
        result.Merged!["widgets"]!["w1"]!["featureVersion"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public void AWidgetTheFactoryRemovesAndTheOperatorNeverTouchedIsRemoved()
    {
        var @base = Cockpit();
        var ours = Cockpit(w2: w => w["title"] = "Mine");
        var theirs = Cockpit(removeW1: true);

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().BeEmpty();
        result.Merged!["widgets"]!.AsObject().Select(w => w.Key).Should().Equal("w2");
        result.Merged!["widgets"]!["w2"]!["title"]!.GetValue<string>().Should().Be("Mine");
    }

    [Fact]
    public void AWidgetTheFactoryRemovesButTheOperatorEditedIsKeptAndTheConflictReported()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => w["title"] = "Renamed by the operator");
        var theirs = Cockpit(removeW1: true);

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w1", MergeConflictKind.DeleteModify));
        JsonNode.DeepEquals(result.Merged!["widgets"]!["w1"], ours["widgets"]!["w1"]).Should().BeTrue();
    }

    [Fact]
    public void AWidgetTheOperatorRemovedStaysRemovedEvenIfTheFactoryChangedItButTheConflictIsReported()
    {
        var @base = Cockpit();
        var ours = Cockpit(removeW1: true);
        var theirs = Cockpit(w1: w => w["featureVersion"] = 2);

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w1", MergeConflictKind.DeleteModify));
        JsonKeys.Exists(result.Merged, ["widgets", "w1"]).Should().BeFalse();
    }

    [Fact]
    public void AWidgetTheOperatorAddedIsLeftUntouched()
    {
        var @base = Cockpit();
        var mine = Widget("<b>mine</b>\n");
        var ours = Cockpit(extra: ("op-0042", mine));
        var theirs = Cockpit(w1: w => w["title"] = "New title", removeW2: true);

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().BeEmpty();
        JsonNode.DeepEquals(result.Merged!["widgets"]!["op-0042"], mine).Should().BeTrue();
        result.Merged!["widgets"]!.AsObject().Select(w => w.Key).Should().Equal("w1", "op-0042");
    }

    [Fact]
    public void ThemeCssIsMergedLineByLine()
    {
        var @base = Cockpit(theme: "body { margin: 0; }\n\n.kpi { color: red; }\n");
        var ours = Cockpit(theme: "body { margin: 4px; }\n\n.kpi { color: red; }\n");
        var theirs = Cockpit(theme: "body { margin: 0; }\n\n.kpi { color: blue; }\n");

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().BeEmpty();
        result.Merged!["theme"]!["css"]!.GetValue<string>().Should().Be("body { margin: 4px; }\n\n.kpi { color: blue; }\n");
    }

    [Fact]
    public void StringsOutsideTextPathsAreAtomsSoDifferentEditsConflict()
    {
        var @base = Cockpit(w1: w => w["title"] = "Line one\nLine two\nLine three\n");
        var ours = Cockpit(w1: w => w["title"] = "Line ONE\nLine two\nLine three\n");
        var theirs = Cockpit(w1: w => w["title"] = "Line one\nLine two\nLine THREE\n");

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w1.title", MergeConflictKind.Value));
        result.Merged!["widgets"]!["w1"]!["title"]!.GetValue<string>().Should().Be("Line ONE\nLine two\nLine three\n");
    }

    [Fact]
    public void ACallerCanChooseWhichPathsAreText()
    {
        var @base = Cockpit(w1: w => w["title"] = "Line one\nLine two\nLine three\n");
        var ours = Cockpit(w1: w => w["title"] = "Line ONE\nLine two\nLine three\n");
        var theirs = Cockpit(w1: w => w["title"] = "Line one\nLine two\nLine THREE\n");

        var result = JsonMerge3.Merge(@base, ours, theirs, path => path.EndsWith(".title", StringComparison.Ordinal));

        result.Conflicts.Should().BeEmpty();
        result.Merged!["widgets"]!["w1"]!["title"]!.GetValue<string>().Should().Be("Line ONE\nLine two\nLine THREE\n");
    }

    [Fact]
    public void ArraysAreAtoms()
    {
        var @base = Cockpit(w1: w => w["config"]!["thresholds"] = new JsonArray(1, 2, 3));
        var ours = Cockpit(w1: w => w["config"]!["thresholds"] = new JsonArray(0, 2, 3));
        var theirs = Cockpit(w1: w => w["config"]!["thresholds"] = new JsonArray(1, 2, 4));

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w1.config.thresholds", MergeConflictKind.Value));
        JsonNode.DeepEquals(result.Merged!["widgets"]!["w1"]!["config"]!["thresholds"], new JsonArray(0, 2, 3)).Should().BeTrue();
    }

    [Fact]
    public void KeysThatAreNotIdentifiersAreReportedInBrackets()
    {
        var @base = Cockpit(extra: ("we.ird", Widget(Html)));
        var ours = Cockpit(extra: ("we.ird", Widget(Html, title: "ours")));
        var theirs = Cockpit(extra: ("we.ird", Widget(Html, title: "theirs")));

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets['we.ird'].title", MergeConflictKind.Value));
    }

    [Fact]
    public void AWidgetBothSidesAddedUnderTheSameIdMergesFieldByFieldWithOursWinning()
    {
        var @base = Cockpit();
        var ours = Cockpit(extra: ("w9", Widget(Html, title: "ours")));
        var theirs = Cockpit(extra: ("w9", Widget(Html, title: "theirs")));

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w9.title", MergeConflictKind.Value));
        result.Merged!["widgets"]!["w9"]!["title"]!.GetValue<string>().Should().Be("ours");
    }

    [Fact]
    public void EveryConflictIsReportedNotJustTheFirst()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => w["x"] = 5, w2: w => w["html"] = Html.Replace("{{value}}", "A"));
        var theirs = Cockpit(w1: w => w["x"] = 6, w2: w => w["html"] = Html.Replace("{{value}}", "B"));
        theirs["title"] = "Factory title";
        ours["title"] = "Operator title";

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().BeEquivalentTo(new[]
        {
            new MergeConflict("$.title", MergeConflictKind.Value),
            new MergeConflict("$.widgets.w1.x", MergeConflictKind.Value),
            new MergeConflict("$.widgets.w2.html", MergeConflictKind.Text),
        });
    }

    [Fact]
    public void TheInputsAreNeitherChangedNorSharedWithTheResult()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => w["x"] = 9);
        var theirs = Cockpit(w2: w => w["title"] = "New");
        var snapshots = new[] { @base, ours, theirs }.Select(d => d.ToJsonString()).ToList();

        var merged = JsonMerge3.Merge(@base, ours, theirs).Merged!;
        merged["widgets"]!["w1"]!["x"] = 100;
        merged["widgets"]!["w2"]!["title"] = "Changed afterwards";
        merged["theme"]!["css"] = "changed";

        new[] { @base, ours, theirs }.Select(d => d.ToJsonString()).Should().Equal(snapshots);
    }

    [Fact]
    public void NullAndAbsentAreDifferent()
    {
        var @base = Cockpit();
        var ours = Cockpit(w1: w => w["config"]!["note"] = "operator note");
        var theirs = Cockpit(w1: w => w["config"]!.AsObject().Remove("note"));

        var result = JsonMerge3.Merge(@base, ours, theirs);

        result.Conflicts.Should().Equal(new MergeConflict("$.widgets.w1.config.note", MergeConflictKind.DeleteModify));
        result.Merged!["widgets"]!["w1"]!["config"]!["note"]!.GetValue<string>().Should().Be("operator note");
    }

    private static JsonObject Cockpit(
        Action<JsonObject>? w1 = null,
        Action<JsonObject>? w2 = null,
        bool removeW1 = false,
        bool removeW2 = false,
        (string Id, JsonObject Widget)? extra = null,
        string theme = "body { margin: 0; }\n")
    {
        var widgets = new JsonObject();
        if (!removeW1)
        {
            var widget = Widget(Html);
            w1?.Invoke(widget);
            widgets["w1"] = widget;
        }

        if (!removeW2)
        {
            var widget = Widget("<p>{{title}}</p>\n", x: 6);
            w2?.Invoke(widget);
            widgets["w2"] = widget;
        }

        if (extra is { } added)
        {
            widgets[added.Id] = added.Widget;
        }

        return new JsonObject
        {
            ["title"] = "Plant 4",
            ["theme"] = new JsonObject { ["css"] = theme },
            ["widgets"] = widgets,
        };
    }

    private static JsonObject Widget(string html, string title = "Output", int x = 0) => new()
    {
        ["featureId"] = "perfect_order",
        ["featureVersion"] = 1,
        ["type"] = "kpi",
        ["title"] = title,
        ["x"] = x,
        ["y"] = 0,
        ["w"] = 3,
        ["h"] = 2,
        ["quadrant"] = "nw",
        ["config"] = new JsonObject { ["metric"] = "oee", ["thresholds"] = new JsonArray(80, 90), ["note"] = null },
        ["html"] = html,
        ["css"] = ".kpi { color: red; }\n",
        ["hidden"] = false,
    };
}
