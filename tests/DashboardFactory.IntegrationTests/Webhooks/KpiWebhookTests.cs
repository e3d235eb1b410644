using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>KPI sinks (kpi.value per closed bucket) and KPI health events, with KPI time moved by a fake clock.</summary>
public sealed class KpiWebhookTests(KpiWebhookTests.ClockHost host) : IClassFixture<KpiWebhookTests.ClockHost>
{
    [Fact]
    public async Task AKpiSinkGetsOneKpiValueEventPerClosedBucketOfItsKpisAndPeriod()
    {
        var code = ApiFactory.NewId("kpi");
        var other = ApiFactory.NewId("kpi");
        var hook = host.Receiver.NewHook();
        var (_, secret) = await host.CreateWebhookAsync(hook.Url, [], kpis: [code], period: "minute");
        var minute = KpiPeriod.Minute.BucketStart(host.Clock.GetUtcNow());
        await PostAsync(code, minute.AddSeconds(5), 2, "a");
        await PostAsync(code, minute.AddSeconds(15), 4, "b");
        await PostAsync(other, minute.AddSeconds(15), 9, "c");

        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var request = (await hook.WaitForAsync(1))[0];
        StandardWebhooksVerifier.Verify(secret, request).Should().BeTrue();
        request.Json.GetProperty("type").GetString().Should().Be("kpi.value");
        var data = request.Json.GetProperty("data");
        data.GetProperty("code").GetString().Should().Be(code);
        data.GetProperty("period").GetString().Should().Be("minute");
        data.GetProperty("bucketStart").GetDateTimeOffset().Should().Be(minute);
        data.GetProperty("count").GetInt64().Should().Be(2);
        data.GetProperty("avg").GetDouble().Should().Be(3);
        data.GetProperty("min").GetDouble().Should().Be(2);
        data.GetProperty("max").GetDouble().Should().Be(4);
        data.GetProperty("last").GetDouble().Should().Be(4);
        await PostAsync(code, minute.AddMinutes(1).AddSeconds(1), 7, "d");
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await hook.WaitForAsync(2))[1];
        second.Json.GetProperty("data").GetProperty("bucketStart").GetDateTimeOffset().Should().Be(minute.AddMinutes(1));
        hook.Requests.Should().OnlyContain(r => r.Json.GetProperty("data").GetProperty("code").GetString() == code,
            "{0} is not in the sink's kpis and its hour and day buckets are not its period", other);
    }

    [Fact]
    public async Task AKpiThatGoesStaleAndRecoversSendsKpiStaleThenKpiRecovered()
    {
        var code = ApiFactory.NewId("kpi");
        var hook = host.Receiver.NewHook();
        await host.CreateWebhookAsync(hook.Url, ["kpi.stale", "kpi.recovered"]);
        await PostAsync(code, host.Clock.GetUtcNow(), 1, "first");

        host.Clock.Advance(TimeSpan.FromMinutes(6));
        await Eventually.Async(() => Task.FromResult(hook.Requests.Count(r => Data(r).Contains(code))), n => n >= 1);
        await PostAsync(code, DateTimeOffset.UtcNow, 1, "second");

        var about = await Eventually.Async(() => Task.FromResult(hook.Requests.Where(r => Data(r).Contains(code)).ToList()), l => l.Count >= 2);
        about.Select(r => r.Json.GetProperty("type").GetString()).Should().Equal("kpi.stale", "kpi.recovered");
        about[0].Json.GetProperty("data").GetProperty("code").GetString().Should().Be(code);
    }

    private static string Data(ReceivedRequest request) => request.Json.GetProperty("data").GetRawText();

    private async Task PostAsync(string code, DateTimeOffset ts, double value, string id)
    {
        // The API checks the window on the real clock, the grain on the fake one; both stay within the window and skew.
        var response = await host.Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id, ts = ts.UtcDateTime.ToString("O"), value } });
        (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32().Should().Be(1);
    }

    public sealed class ClockHost : WebhookHost
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Kpis:CheckPeriod"] = "00:00:00.200",
            ["Kpis:StaleAfter"] = "00:05:00",

            // The fake clock runs ahead of the real one as tests advance it; points stamped on it must still be taken.
            ["Kpis:MaxFutureSkew"] = "01:00:00",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(new KpiClock(Clock)));
        }
    }
}
