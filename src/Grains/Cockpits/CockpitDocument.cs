using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.Cockpits;

/// <summary>
/// The shape of a cockpit document and its rules:
/// <c>{title, theme: {css}, widgets: {id: {featureId, featureVersion, type, title, x, y, w, h, quadrant, config, html, css, hidden}}}</c>.
/// Text is kept exactly as written; encoding and sanitizing happen when the page is rendered.
/// </summary>
public static class CockpitDocument
{
    public const int GridColumns = 12;
    public const int MaxWidgets = 200;
    public const int MaxTextLength = 64 * 1024;
    public const int MaxTitleLength = 200;
    public const int MaxRows = 10_000;

    private static readonly string[] Quadrants = ["nw", "ne", "sw", "se"];
    private static readonly HashSet<string> WidgetKeys =
        ["featureId", "featureVersion", "type", "title", "x", "y", "w", "h", "quadrant", "config", "html", "css", "script", "hidden"];

    public static JsonObject Empty(string title) => new()
    {
        ["title"] = title,
        ["theme"] = new JsonObject { ["css"] = string.Empty },
        ["widgets"] = new JsonObject(),
    };

    public static JsonObject Parse(string json) =>
        JsonNode.Parse(json) as JsonObject ?? throw new InvalidOperationException("A cockpit document must be a JSON object.");

    public static JsonObject Widgets(JsonObject document) => document["widgets"] as JsonObject ?? [];

    /// <summary>Problems keyed by JSON path; empty when the document is well-formed.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Validate(JsonObject document)
    {
        var problems = new List<KeyValuePair<string, string>>();
        void Problem(string path, string message) => problems.Add(new(path, message));

        foreach (var key in document.Select(p => p.Key).Where(k => k is not ("title" or "theme" or "widgets")))
        {
            Problem($"$.{key}", "Unknown field.");
        }

        if (!IsString(document["title"], MaxTitleLength))
        {
            Problem("$.title", $"Must be a string of at most {MaxTitleLength} characters.");
        }

        if (document["theme"] is not JsonObject theme || !IsString(theme["css"], MaxTextLength) || theme.Count != 1)
        {
            Problem("$.theme", $"Must be {{\"css\": string}} with at most {MaxTextLength} characters.");
        }

        if (document["widgets"] is not JsonObject widgets)
        {
            Problem("$.widgets", "Must be an object of widgets keyed by id.");
            return problems;
        }

        if (widgets.Count > MaxWidgets)
        {
            Problem("$.widgets", $"At most {MaxWidgets} widgets.");
        }

        foreach (var (id, node) in widgets)
        {
            var path = $"$.widgets.{id}";
            if (!Ids.IsValid(id))
            {
                Problem(path, $"Widget ids must match {Ids.Pattern}.");
            }

            if (node is not JsonObject widget)
            {
                Problem(path, "Must be an object.");
                continue;
            }

            ValidateWidget(widget, path, Problem);
        }

        return problems;
    }

    private static void ValidateWidget(JsonObject widget, string path, Action<string, string> problem)
    {
        foreach (var key in widget.Select(p => p.Key).Where(k => !WidgetKeys.Contains(k)))
        {
            problem($"{path}.{key}", "Unknown field.");
        }

        if (!IsString(widget["type"], 64))
        {
            problem($"{path}.type", "Required string of at most 64 characters.");
        }

        if (!IsString(widget["title"], MaxTitleLength))
        {
            problem($"{path}.title", $"Required string of at most {MaxTitleLength} characters.");
        }

        var x = Int(widget["x"]);
        var w = Int(widget["w"]);
        if (x is not (>= 0 and < GridColumns))
        {
            problem($"{path}.x", $"Required integer from 0 to {GridColumns - 1}.");
        }

        if (w is not (>= 1 and <= GridColumns) || (x is not null && x + w > GridColumns))
        {
            problem($"{path}.w", $"Required integer from 1 to {GridColumns}, and x + w may not exceed {GridColumns}.");
        }

        if (Int(widget["y"]) is not (>= 0 and <= MaxRows))
        {
            problem($"{path}.y", $"Required integer from 0 to {MaxRows}.");
        }

        if (Int(widget["h"]) is not (>= 1 and <= 100))
        {
            problem($"{path}.h", "Required integer from 1 to 100.");
        }

        if (widget["quadrant"] is { } quadrant && !(quadrant.GetValueKind() == JsonValueKind.String && Quadrants.Contains(quadrant.GetValue<string>())))
        {
            problem($"{path}.quadrant", "Must be one of nw, ne, sw, se, or absent.");
        }

        if (widget["config"] is { } config && config is not JsonObject)
        {
            problem($"{path}.config", "Must be an object.");
        }

        foreach (var text in new[] { "html", "css", "script" })
        {
            if (widget[text] is { } value && !IsString(value, MaxTextLength))
            {
                problem($"{path}.{text}", $"Must be a string of at most {MaxTextLength} characters.");
            }
        }

        if (widget["hidden"] is { } hidden && hidden.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            problem($"{path}.hidden", "Must be true or false.");
        }
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static int? Int(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var i) ? i
        : node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<double>(out var f) && f == Math.Floor(f) && Math.Abs(f) < int.MaxValue ? (int)f
        : null;

    private static bool IsString(JsonNode? node, int maxLength) => String(node) is { } s && s.Length <= maxLength;
}
