using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DashboardFactory.IntegrationTests.Kpis;

/// <summary>Staleness over the whole stack, with KPI time moved by a FakeTimeProvider instead of waiting five minutes.</summary>
public sealed class KpiStalenessTests : IClassFixture<KpiStalenessTests.FakeClockApiFactory>
{
    private readonly FakeClockApiFactory _api;
    private readonly HttpClient _admin;

    public KpiStalenessTests(FakeClockApiFactory api)
    {
        _api = api;
        _admin = api.Admin();
    }

    [Fact]
    public async Task AKpiWithoutDataForLongerThanTheThresholdIsStaleRaisesOneAlertAndRecovers()
    {
        var code = ApiFactory.NewId("kpi");
        await PostAsync(code, "first");
        (await CurrentAsync(code)).GetProperty("stale").GetBoolean().Should().BeFalse();

        _api.Clock.Advance(TimeSpan.FromMinutes(6));

        (await CurrentAsync(code)).GetProperty("stale").GetBoolean().Should().BeTrue("6 minutes without data is past the 5-minute threshold");
        var alerts = await Eventually.Async(() => AlertsAsync(code), a => a.Contains("kpi.stale"), TimeSpan.FromSeconds(20));
        alerts.Should().ContainSingle(k => k == "kpi.stale", "the check runs every 200 ms but alerts once per silence");

        await PostAsync(code, "second");

        (await CurrentAsync(code)).GetProperty("stale").GetBoolean().Should().BeFalse();
        (await Eventually.Async(() => AlertsAsync(code), a => a.Contains("kpi.recovered"), TimeSpan.FromSeconds(20))).Should().Contain("kpi.recovered");
    }

    private async Task PostAsync(string code, string id)
    {
        // The API checks the window on the real clock; the grain on the fake one, which is at most minutes ahead.
        var ts = DateTimeOffset.UtcNow.UtcDateTime.ToString("O");
        var response = await _admin.PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id, ts, value = 1.0 } });
        (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32().Should().Be(1);
    }

    private async Task<System.Text.Json.JsonElement> CurrentAsync(string code) =>
        await (await _admin.GetAsync($"/api/kpis/{code}")).ShouldBeJsonAsync(HttpStatusCode.OK);

    /// <summary>Alert kinds about this KPI, read from the alert history the overview shows.</summary>
    private async Task<List<string>> AlertsAsync(string code)
    {
        var recent = await _api.Service<IGrainFactory>().GetGrain<DashboardFactory.Alerts.IAlertHistoryGrain>(DashboardFactory.Alerts.AlertEvent.Admins).RecentAsync(200);
        return [.. recent.Where(a => a.Message.Contains(code, StringComparison.Ordinal)).Select(a => a.Kind)];
    }

    public sealed class FakeClockApiFactory : ApiFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kpis:CheckPeriod"] = "00:00:00.200",
            ["Kpis:StaleAfter"] = "00:05:00",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(new KpiClock(Clock)));
        }
    }
}
