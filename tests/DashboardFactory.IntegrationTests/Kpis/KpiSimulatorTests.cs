using System.Net;
using DashboardFactory.Api.Demo;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Kpis;

public sealed class KpiSimulatorTests
{
    [Fact]
    public async Task TheDemoFeedsTheWidgetKpisWithHistoryAndStopsCleanly()
    {
        var api = new DemoApiFactory();
        var admin = api.Admin();

        var series = await Eventually.Async(
            async () => await (await admin.GetAsync("/api/kpis/perfect_order/series?period=hour")).ShouldBeJsonAsync(HttpStatusCode.OK),
            s => s.GetArrayLength() >= 3,
            TimeSpan.FromSeconds(60));
        series.GetArrayLength().Should().BeGreaterThanOrEqualTo(3, "the backfill covers hours of history");

        foreach (var code in KpiShapes.Codes)
        {
            var current = await Eventually.Async(() => admin.GetAsync($"/api/kpis/{code}?period=minute"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            (await current.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("stale").GetBoolean().Should().BeFalse("{0} is fed every few seconds", code);
        }

        var widget = await Eventually.Async(
            async () => await admin.GetAsync($"/api/cockpits/{DemoSeederCockpit}/widgets/on_time_delivery/data"),
            r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        (await widget.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("current").GetProperty("count").GetInt64().Should().BeGreaterThan(0);

        var stopping = async () => await api.DisposeAsync();
        await stopping.Should().CompleteWithinAsync(TimeSpan.FromSeconds(30));
        api.Logs.Lines.Should().NotContain(l => l.Contains("Demo KPIs: posting", StringComparison.Ordinal),
            "the feed never failed while the host ran");
    }

    /// <summary>cockpit-001 gets on_time_delivery ((1 + 1) % 4 != 0).</summary>
    private const string DemoSeederCockpit = "cockpit-001";

    [Fact]
    public void ShapesAreDeterministicAndPlausible()
    {
        var t = new DateTimeOffset(2026, 3, 4, 14, 0, 0, TimeSpan.Zero);
        foreach (var code in KpiShapes.Codes)
        {
            KpiShapes.Value(code, t).Should().Be(KpiShapes.Value(code, t));
            KpiShapes.Value(code, t).Should().BeInRange(80, 100, "{0} is a percentage", code);
            KpiShapes.PointId(code, t).Should().Be($"sim-{code}-{t.ToUnixTimeSeconds()}");
        }

        KpiShapes.Value("on_time_delivery", t).Should().BeLessThan(92, "the daily step is down from 13:00 to 17:00 UTC");
        KpiShapes.Value("on_time_delivery", t.AddHours(-4)).Should().BeGreaterThan(93);
    }

    private sealed class DemoApiFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Auth:AdminToken"] = AdminToken,
            ["Demo:Enabled"] = "true",
            ["Demo:Kpis:Interval"] = "00:00:00.500",
            ["Demo:Kpis:Backfill"] = "06:00:00",
        };
    }
}
