using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.Api.Demo;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.Kpis;

public sealed class DashboardApiTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;
    private readonly HttpClient _admin;

    public DashboardApiTests(ApiFactory api)
    {
        _api = api;
        _admin = api.Admin();
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private async Task PostAsync(string code, params (string? Id, DateTimeOffset Ts, object Value)[] points)
    {
        var response = await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", points.Select(p => new { id = p.Id, ts = Iso(p.Ts), value = p.Value }));
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task TheOverviewShowsCockpitsKpisWithQualityCountsAndIsCached()
    {
        var code = ApiFactory.NewId("kpi");
        var cockpit = ApiFactory.NewId("cp");
        await _api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(cockpit)
            .CreateAsync(new NewCockpit("op-0001", "Overview test", [], new AutoUpdatePolicy(true, ChangeType.Safe)), []);
        var ts = DateTimeOffset.UtcNow.AddSeconds(-3);
        await PostAsync(code, ("a", ts, 1.0), ("a", ts, 1.0), ("b", ts, "abc"));

        var overview = await Eventually.Async(
            async () => await (await _admin.GetAsync("/api/dashboard/overview")).ShouldBeJsonAsync(HttpStatusCode.OK),
            o => o.GetProperty("kpis").EnumerateArray().Any(k => k.GetProperty("code").GetString() == code)
                 && o.GetProperty("cockpits").GetProperty("count").GetInt32() >= 1,
            TimeSpan.FromSeconds(40));

        var kpi = overview.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("code").GetString() == code);
        kpi.GetProperty("accepted").GetInt64().Should().Be(1);
        kpi.GetProperty("duplicates").GetInt64().Should().Be(1);
        kpi.GetProperty("rejected").GetInt64().Should().Be(1);
        kpi.GetProperty("stale").GetBoolean().Should().BeFalse();
        kpi.GetProperty("minute").GetProperty("count").GetInt64().Should().Be(1);
        overview.GetProperty("cockpits").GetProperty("versions").EnumerateObject().Should().NotBeEmpty();
        overview.GetProperty("campaigns").GetProperty("total").GetInt32().Should().BeGreaterThanOrEqualTo(0);
        overview.GetProperty("alerts").ValueKind.Should().Be(JsonValueKind.Array);

        var again = await (await _admin.GetAsync("/api/dashboard/overview")).ShouldBeJsonAsync(HttpStatusCode.OK);
        again.GetProperty("generatedAt").GetString().Should().Be(overview.GetProperty("generatedAt").GetString(), "a second call within the TTL is served from the cache");
    }

    [Fact]
    public async Task MetricsReturnASeriesPerKpiWithAPeriodSuitedToTheRange()
    {
        var code = ApiFactory.NewId("kpi");
        await PostAsync(code, ("x", DateTimeOffset.UtcNow.AddMinutes(-2), 5.0), ("y", DateTimeOffset.UtcNow.AddMinutes(-30), 7.0));

        var hour = await (await _admin.GetAsync($"/api/dashboard/metrics?timeRange=1h&codes={code}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var month = await (await _admin.GetAsync($"/api/dashboard/metrics?timeRange=30d&codes={code}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var from = Uri.EscapeDataString(Iso(DateTimeOffset.UtcNow.AddHours(-2)));
        var to = Uri.EscapeDataString(Iso(DateTimeOffset.UtcNow.AddMinutes(1)));
        var custom = await (await _admin.GetAsync($"/api/dashboard/metrics?timeRange=custom&from={from}&to={to}&codes={code}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        hour.GetProperty("period").GetString().Should().Be("minute");
        hour.GetProperty("series").GetProperty(code).GetArrayLength().Should().Be(2);
        month.GetProperty("period").GetString().Should().Be("day");
        month.GetProperty("series").GetProperty(code).EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()).Should().Be(2);
        custom.GetProperty("timeRange").GetString().Should().Be("custom");
        custom.GetProperty("series").GetProperty(code).GetArrayLength().Should().Be(2);
    }

    [Theory]
    [InlineData("timeRange=2h")]
    [InlineData("timeRange=custom")]
    [InlineData("timeRange=custom&from=2026-01-01T00:00:00Z")]
    [InlineData("timeRange=custom&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("timeRange=1h&from=2026-01-01T00:00:00Z")]
    [InlineData("timeRange=1h&codes=bad!code")]
    public async Task ABadMetricsQueryIsABadRequest(string query)
    {
        await (await _admin.GetAsync($"/api/dashboard/metrics?{query}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AKpiWidgetGetsItsCurrentValueAndRecentSeriesAndANoteWidgetGetsNone()
    {
        var cockpit = ApiFactory.NewId("cp");
        var grain = _api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(cockpit);
        await grain.CreateAsync(new NewCockpit("op-0001", "Widget data", [], new AutoUpdatePolicy(true, ChangeType.Safe)), []);
        // The demo widget whose config names the hour (the others show the minute).
        var inventory = DemoWidgets.All.Single(w => w.FeatureId == "inventory_accuracy");
        var notes = DemoWidgets.All.Single(w => w.FeatureId == "shift_handover");
        await grain.ApplyReleaseAsync(inventory);
        await grain.ApplyReleaseAsync(notes);
        await PostAsync("inventory_accuracy", ($"widget-test-{Guid.NewGuid():N}", DateTimeOffset.UtcNow.AddSeconds(-1), 97.5));

        var kpi = await (await _admin.GetAsync($"/api/cockpits/{cockpit}/widgets/inventory_accuracy/data")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var note = await (await _admin.GetAsync($"/api/cockpits/{cockpit}/widgets/shift_handover/data")).ShouldBeJsonAsync(HttpStatusCode.OK);

        kpi.GetProperty("kpi").GetString().Should().Be("inventory_accuracy");
        kpi.GetProperty("period").GetString().Should().Be("hour");
        kpi.GetProperty("current").GetProperty("period").GetString().Should().Be("hour");
        kpi.GetProperty("series").GetArrayLength().Should().BeGreaterThan(0);
        note.GetProperty("kpi").ValueKind.Should().Be(JsonValueKind.Null);
        note.GetProperty("reason").GetString().Should().NotBeNullOrEmpty();
        note.GetProperty("series").GetArrayLength().Should().Be(0);
        await (await _admin.GetAsync($"/api/cockpits/{cockpit}/widgets/nope/data")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.GetAsync($"/api/cockpits/{ApiFactory.NewId("cp")}/widgets/perfect_order/data")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await _admin.GetAsync($"/api/cockpits/{cockpit}/widgets/bad!id/data")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
