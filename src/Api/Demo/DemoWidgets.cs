using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.Demo;

/// <summary>
/// A few widget releases so the demo fleet looks like a real floor: live KPI stat cards, a chart and a table fed by
/// the KPI simulator (so a newcomer sees numbers move within seconds), a feed and notes.
/// </summary>
internal static class DemoWidgets
{
    public static readonly IReadOnlyList<FeatureRelease> All =
    [
        Live("perfect_order", "stat_card", "Perfect order rate", 3, 2, """{"kpi":"perfect_order","period":"minute","unit":"%","decimals":1}""", InjectionMode.Smart),
        Live("on_time_delivery", "stat_card", "On-time delivery", 3, 2, """{"kpi":"on_time_delivery","period":"minute","unit":"%","decimals":1}""", InjectionMode.Smart),
        Live("inventory_accuracy", "stat_card", "Inventory accuracy", 3, 2, """{"kpi":"inventory_accuracy","period":"hour","unit":"%","decimals":2}""", InjectionMode.Quadrant, "ne"),
        new("alerts_feed", "1.0.0", ChangeType.Safe,
            new WidgetRelease("feed", "Alerts", 6, 3,
                "<ul class=\"feed\">\n<li>Dock 4: trailer late</li>\n<li>Picker 12: battery low</li>\n</ul>\n",
                ".feed { list-style: none; margin: 0; padding: 0; }\n.feed li { padding: 2px 0; }\n", "{}"),
            InjectionMode.Append, null),
        new("shift_handover", "1.0.0", ChangeType.Safe,
            new WidgetRelease("notes", "Shift handover", 4, 2, "<p>No open issues.</p>\n", "p { font-style: italic; }\n", "{}"),
            InjectionMode.Quadrant, "sw"),
        Live("order_trend", "line_chart", "Perfect orders, last 24 minutes", 6, 3, """{"kpi":"perfect_order","period":"minute","decimals":1,"buckets":24}""", InjectionMode.Smart),
        Live("kpi_board", "table", "Floor KPIs", 6, 3, """{"kpis":["perfect_order","on_time_delivery","inventory_accuracy"],"period":"minute","decimals":2}""", InjectionMode.Smart),
    ];

    private static FeatureRelease Live(string id, string type, string title, int w, int h, string config, InjectionMode injection, string? quadrant = null) =>
        new(id, "1.0.0", ChangeType.Safe, new WidgetRelease(type, title, w, h, string.Empty, string.Empty, config), injection, quadrant);
}
