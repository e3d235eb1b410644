using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>KPIs for the live-KPI tests: points go in through the real KPI grain, subscriber counts come from HTTP.</summary>
public static class KpiScenario
{
    public static string NewCode() => "kpi-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Last minute's bucket; a test takes it once, so all its points land in one bucket even across a minute boundary.</summary>
    public static DateTimeOffset LastMinute => KpiPeriod.Minute.BucketStart(DateTimeOffset.UtcNow) - TimeSpan.FromMinutes(1);

    /// <summary>Ingests one point (a fresh id) into <paramref name="code"/> inside the minute <paramref name="bucket"/>, through the KPI grain.</summary>
    public static async Task IngestAsync(this ApiFactory api, string code, DateTimeOffset bucket, double value, int second = 10)
    {
        var result = await api.Service<IGrainFactory>().GetGrain<IKpiGrain>(code)
            .IngestAsync([new KpiPoint(Guid.NewGuid().ToString("N"), bucket.AddSeconds(second), value)]);
        result.Accepted.Should().Be(1, "the point for {0} is valid", code);
    }

    public static Task<KpiValue?> CurrentAsync(this ApiFactory api, string code, KpiPeriod period = KpiPeriod.Minute) =>
        api.Service<IGrainFactory>().GetGrain<IKpiGrain>(code).GetCurrentAsync(period);

    public static async Task<JsonElement> SubscribersAsync(this ApiFactory api, string code)
    {
        var response = await api.Admin().GetAsync($"/api/kpis/{code}/subscribers");
        return await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Waits until GET /api/kpis/{code}/subscribers matches (the release after a dropped connection is asynchronous).</summary>
    public static Task<JsonElement> SubscribersWhenAsync(this ApiFactory api, string code, Func<JsonElement, bool> done) =>
        Eventually.Async(() => api.SubscribersAsync(code), done, TimeSpan.FromSeconds(15));

    public static string Shape(this JsonElement subscribers) =>
        $"minute={subscribers.GetProperty("minute").GetInt32()} hour={subscribers.GetProperty("hour").GetInt32()} " +
        $"day={subscribers.GetProperty("day").GetInt32()} publishing={subscribers.GetProperty("publishing").GetBoolean()}";
}
