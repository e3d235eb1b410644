using System.Text.Json.Nodes;

namespace DashboardFactory.UnitTests.Rendering;

/// <summary>Builds cockpit documents for the renderer tests.</summary>
internal static class CockpitDocuments
{
    public static JsonObject Cockpit(string? title = "Line 4 cockpit", string? themeCss = null, params (string Id, JsonObject Widget)[] widgets)
    {
        var document = new JsonObject();
        if (title is not null)
        {
            document["title"] = title;
        }

        if (themeCss is not null)
        {
            document["theme"] = new JsonObject { ["css"] = themeCss };
        }

        var map = new JsonObject();
        foreach (var (id, widget) in widgets)
        {
            map[id] = widget;
        }

        document["widgets"] = map;
        return document;
    }

    public static JsonObject Widget(
        int x = 0,
        int y = 0,
        int w = 4,
        int h = 2,
        string type = "kpi",
        string? title = "OEE",
        string? html = "<p>87%</p>",
        string? css = null,
        bool hidden = false,
        string? featureId = null,
        string? featureVersion = null,
        JsonNode? config = null)
    {
        var widget = new JsonObject
        {
            ["type"] = type,
            ["x"] = x,
            ["y"] = y,
            ["w"] = w,
            ["h"] = h,
            ["hidden"] = hidden,
        };
        if (title is not null)
        {
            widget["title"] = title;
        }

        if (html is not null)
        {
            widget["html"] = html;
        }

        if (css is not null)
        {
            widget["css"] = css;
        }

        if (featureId is not null)
        {
            widget["featureId"] = featureId;
        }

        if (featureVersion is not null)
        {
            widget["featureVersion"] = featureVersion;
        }

        if (config is not null)
        {
            widget["config"] = config;
        }

        return widget;
    }

    /// <summary>A realistic 20-widget cockpit: tables, lists, KPIs, scoped CSS, a theme.</summary>
    public static JsonObject TwentyWidgets(string salt = "")
    {
        var widgets = new (string, JsonObject)[20];
        for (var i = 0; i < 20; i++)
        {
            var html = i % 3 == 0
                ? $"<table class=\"grid\"><thead><tr><th>Line</th><th>OEE</th><th>Scrap</th></tr></thead><tbody>"
                  + $"<tr><td>L1</td><td>91.2</td><td>0.4</td></tr><tr><td>L2</td><td>84.0</td><td>1.1</td></tr>"
                  + $"<tr><td>L3</td><td>77.5</td><td>2.3</td></tr></tbody></table>{salt}"
                : i % 3 == 1
                    ? $"<div class=\"kpi\" data-kpi=\"oee\"><span class=\"value\">87.{i}%</span><span class=\"trend up\">+1.2</span></div>{salt}"
                    : $"<ul class=\"alarms\"><li><b>Press 3</b> temperature high</li><li><a href=\"https://wiki.example/alarm/{i}\">runbook</a></li></ul>{salt}";
            widgets[i] = ($"w{i:00}", Widget(
                x: (i % 3) * 4,
                y: (i / 3) * 2,
                w: 4,
                h: 2,
                type: i % 3 == 0 ? "table" : i % 3 == 1 ? "kpi" : "alarms",
                title: $"Widget {i}",
                html: html,
                css: ".value{font-size:2rem;color:#0a0}\n.trend.up::after{content:\"\\25B2\"}\n@media (max-width: 600px){.value{font-size:1rem}}",
                featureId: $"feat_{i % 5}",
                featureVersion: "3",
                config: new JsonObject { ["kpi"] = "oee", ["refreshSeconds"] = 30 }));
        }

        return Cockpit("Plant Nord", ":root{--accent:#0a6}\nbody{background:#111;color:#eee}", widgets);
    }
}
