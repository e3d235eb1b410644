using System.Text.Json.Nodes;

namespace DashboardFactory.UnitTests.Merging;

/// <summary>Seeded random cockpit documents and edits to them, shaped like real factory output.</summary>
internal sealed class GeneratedCockpit
{
    // Ids with dots and dashes make paths use the bracket form.
    private static readonly string[] WidgetIds = ["w1", "w2", "w3", "w4", "kpi_7", "op-0042", "we.ird"];
    private static readonly string[] Types = ["kpi", "chart", "table", "text"];
    private static readonly string[] Quadrants = ["nw", "ne", "sw", "se"];
    private static readonly string[] HtmlLines =
        ["<div class=\"kpi\">", "  <span>{{value}}</span>", "  <small>{{unit}}</small>", "</div>", "", "<p>{{title}}</p>"];
    private static readonly string[] CssLines = [".kpi { color: red; }", ".kpi span { font-weight: bold; }", "}", "", "body { margin: 0; }"];

    private readonly Random _random;
    private int _fresh;

    public GeneratedCockpit(int seed) => _random = new Random(seed);

    public JsonObject Document()
    {
        var widgets = new JsonObject();
        foreach (var id in WidgetIds.OrderBy(_ => _random.Next()).Take(1 + _random.Next(5)))
        {
            widgets[id] = Widget();
        }

        return new JsonObject
        {
            ["title"] = "Cockpit " + _random.Next(100),
            ["theme"] = new JsonObject { ["css"] = Text(CssLines) },
            ["widgets"] = widgets,
        };
    }

    public JsonObject Widget() => new()
    {
        ["featureId"] = "feat_" + _random.Next(50),
        ["featureVersion"] = 1 + _random.Next(5),
        ["type"] = Types[_random.Next(Types.Length)],
        ["title"] = "Widget " + _random.Next(1000),
        ["x"] = _random.Next(12),
        ["y"] = _random.Next(12),
        ["w"] = 1 + _random.Next(6),
        ["h"] = 1 + _random.Next(6),
        ["quadrant"] = Quadrants[_random.Next(Quadrants.Length)],
        ["config"] = new JsonObject
        {
            ["metric"] = "m" + _random.Next(20),
            ["thresholds"] = new JsonArray(_random.Next(100), _random.Next(100)),
            ["options"] = new JsonObject { ["color"] = "#" + _random.Next(0x1000000).ToString("x6"), ["decimals"] = _random.Next(4) },
            ["note"] = null,
        },
        ["html"] = Text(HtmlLines),
        ["css"] = Text(CssLines),
        ["hidden"] = _random.Next(2) == 0,
    };

    /// <summary>A value of a random kind that differs from every one given.</summary>
    public JsonNode? NewValue(params JsonNode?[] differentFrom)
    {
        while (true)
        {
            JsonNode? value = _random.Next(6) switch
            {
                0 => _random.Next(1000),
                1 => "v" + _random.Next(1000),
                2 => _random.Next(2) == 0,
                3 => new JsonArray(_random.Next(10), "a" + _random.Next(10)),
                4 => null,
                _ => Text(HtmlLines),
            };
            if (!differentFrom.Any(other => JsonNode.DeepEquals(value, other)))
            {
                return value;
            }
        }
    }

    /// <summary>A copy with a few edits of every kind: values, added and removed widgets and keys, text lines.</summary>
    public JsonObject Edit(JsonObject document)
    {
        var edited = document.DeepClone().AsObject();
        var widgets = edited["widgets"]!.AsObject();
        var edits = 1 + _random.Next(6);
        for (var e = 0; e < edits; e++)
        {
            var ids = widgets.Select(w => w.Key).ToList();
            switch (_random.Next(6))
            {
                case 0 when ids.Count > 0:
                    widgets.Remove(ids[_random.Next(ids.Count)]);
                    break;
                case 1:
                    widgets["new-" + _fresh++ + "-" + _random.Next(1000)] = Widget();
                    break;
                case 2 when ids.Count > 0:
                    widgets[ids[_random.Next(ids.Count)]]!.AsObject().Remove("hidden");
                    break;
                case 3 when ids.Count > 0:
                    widgets[ids[_random.Next(ids.Count)]]!["config"]!.AsObject()["extra" + _random.Next(3)] = _random.Next(100);
                    break;
                case 4 when ids.Count > 0:
                    var html = widgets[ids[_random.Next(ids.Count)]]!.AsObject();
                    html["html"] = EditLine(html["html"]?.GetValue<string>() ?? string.Empty);
                    break;
                default:
                    var leaves = JsonKeys.Leaves(edited);
                    var leaf = leaves[_random.Next(leaves.Count)];
                    JsonKeys.Set(edited, leaf, NewValue(JsonKeys.Get(edited, leaf)));
                    break;
            }
        }

        return edited;
    }

    public string EditLine(string text)
    {
        var lines = text.Split('\n').ToList();
        lines[_random.Next(lines.Count)] = "<em>edit " + _fresh++ + "</em>";
        return string.Join('\n', lines);
    }

    public List<T> Shuffle<T>(IEnumerable<T> items) => items.OrderBy(_ => _random.Next()).ToList();

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    private string Text(string[] vocabulary) =>
        string.Concat(Enumerable.Range(0, 2 + _random.Next(6)).Select(_ => vocabulary[_random.Next(vocabulary.Length)] + "\n"));
}
