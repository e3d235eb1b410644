using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.Demo;

/// <summary>A few widget releases so the demo fleet looks like a real floor: KPI tiles, a feed, notes.</summary>
internal static class DemoWidgets
{
    public static readonly IReadOnlyList<FeatureRelease> All =
    [
        Kpi("perfect_order", "Perfect order rate", "97.2 %", InjectionMode.Smart),
        Kpi("on_time_delivery", "On-time delivery", "94.8 %", InjectionMode.Smart),
        Kpi("inventory_accuracy", "Inventory accuracy", "99.1 %", InjectionMode.Quadrant, "ne"),
        new("alerts_feed", "1.0.0", ChangeType.Safe,
            new WidgetRelease("feed", "Alerts", 6, 3,
                "<ul class=\"feed\">\n<li>Dock 4: trailer late</li>\n<li>Picker 12: battery low</li>\n</ul>\n",
                ".feed { list-style: none; margin: 0; padding: 0; }\n.feed li { padding: 2px 0; }\n", "{}"),
            InjectionMode.Append, null),
        new("shift_handover", "1.0.0", ChangeType.Safe,
            new WidgetRelease("notes", "Shift handover", 4, 2, "<p>No open issues.</p>\n", "p { font-style: italic; }\n", "{}"),
            InjectionMode.Quadrant, "sw"),
    ];

    private static FeatureRelease Kpi(string id, string title, string value, InjectionMode injection, string? quadrant = null) =>
        new(id, "1.0.0", ChangeType.Safe,
            new WidgetRelease("kpi", title, 3, 2,
                $"<div class=\"kpi\">\n<span class=\"value\">{value}</span>\n<span class=\"trend\">+0.4</span>\n</div>\n",
                ".kpi { text-align: center; }\n.value { font-size: 2em; }\n", $$"""{"kpi":"{{id}}","period":"hour"}"""),
            injection, quadrant);
}
