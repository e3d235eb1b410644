using DashboardFactory.Cockpits;

namespace DashboardFactory.IntegrationTests.Cockpits;

/// <summary>Feature releases for tests.</summary>
public static class Releases
{
    public static FeatureRelease Widget(
        string featureId,
        string version = "1.0.0",
        ChangeType change = ChangeType.Safe,
        string html = "<p>line 1</p>\n<p>line 2</p>\n<p>line 3</p>\n",
        string title = "Widget",
        int w = 4,
        int h = 2,
        InjectionMode injection = InjectionMode.Smart,
        string? quadrant = null) =>
        new(featureId, version, change, new WidgetRelease("kpi", title, w, h, html, ".value { color: red; }\n", """{"kpi":"perfect_order"}"""), injection, quadrant);
}
