using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.GraphQL;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.Kpis;

/// <summary>
/// Aggregates never overflow or turn non-finite, and every way out (REST JSON and CSV, the overview, metrics, SSE, the
/// hub, GraphQL) serializes what is stored. Found by posting two points of 1e308: before the value range, their sum
/// was infinite and every read of the KPI, the overview and the metrics answered 500 for everyone.
/// </summary>
public sealed class KpiNumbersTests(KpiNumbersTests.Host api) : IClassFixture<KpiNumbersTests.Host>
{
    private readonly HttpClient _admin = api.Admin();

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private async Task<JsonElement> PostAsync(string code, params double[] values)
    {
        var ts = DateTimeOffset.UtcNow.AddSeconds(-5);
        var json = "[" + string.Join(",", values.Select((v, i) => $$"""{"id":"{{Guid.NewGuid():N}}","ts":"{{Iso(ts.AddMilliseconds(i))}}","value":{{R(v)}}}""")) + "]";
        var response = await _admin.PostAsync($"/api/kpis/{code}/points", new StringContent(json, Encoding.UTF8, "application/json"));
        return await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task TwoHugeFinitePointsAreRejectedWithAReasonAndEveryReadKeepsAnswering()
    {
        var code = ApiFactory.NewId("kpi");
        (await PostAsync(code, 5)).GetProperty("accepted").GetInt32().Should().Be(1);

        var huge = await PostAsync(code, 1e308, 1e308, -1.7976931348623157e308);

        huge.GetProperty("accepted").GetInt32().Should().Be(0, "values beyond ±1e100 are outside the accepted range");
        huge.GetProperty("rejected").GetInt32().Should().Be(3);
        huge.GetProperty("rejections")[0].GetProperty("reason").GetString().Should().Contain("1e100");
        foreach (var period in new[] { "minute", "hour", "day" })
        {
            var current = await (await _admin.GetAsync($"/api/kpis/{code}?period={period}")).ShouldBeJsonAsync(HttpStatusCode.OK);
            current.GetProperty("avg").GetDouble().Should().Be(5, "only the point in range counts ({0})", period);
            current.GetProperty("count").GetInt64().Should().Be(1);
        }

        await ShouldServeEverywhereAsync(code);
    }

    [Fact]
    public async Task ValuesAtTheEdgesOfTheRangeAggregateToFiniteFiguresEverywhere()
    {
        var code = ApiFactory.NewId("kpi");
        var values = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? 1e100 : 9.99e99).Concat([double.Epsilon, -0.0, -1e100]).ToArray();

        var result = await PostAsync(code, values);

        result.GetProperty("accepted").GetInt32().Should().Be(values.Length, "±1e100, denormals and -0 are in range");
        var day = await (await _admin.GetAsync($"/api/kpis/{code}?period=day")).ShouldBeJsonAsync(HttpStatusCode.OK);
        day.GetProperty("max").GetDouble().Should().Be(1e100);
        day.GetProperty("min").GetDouble().Should().Be(-1e100);
        var avg = day.GetProperty("avg").GetDouble();
        double.IsFinite(avg).Should().BeTrue();
        avg.Should().BeApproximately(values.Sum() / values.Length, 1e88);
        await ShouldServeEverywhereAsync(code);
    }

    /// <summary>Every read path of the KPI answers, with finite numbers only.</summary>
    private async Task ShouldServeEverywhereAsync(string code)
    {
        var series = await (await _admin.GetAsync($"/api/kpis/{code}/series?period=minute")).ShouldBeJsonAsync(HttpStatusCode.OK);
        series.EnumerateArray().Should().NotBeEmpty();
        series.EnumerateArray().Should().OnlyContain(b => double.IsFinite(b.GetProperty("avg").GetDouble()));

        using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/kpis/{code}/series?period=hour");
        csvRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var csv = await _admin.SendAsync(csvRequest);
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        (await csv.Content.ReadAsStringAsync()).Should().NotContain("Infinity").And.NotContain("NaN");

        var overview = await (await _admin.GetAsync("/api/dashboard/overview")).ShouldBeJsonAsync(HttpStatusCode.OK);
        overview.GetProperty("kpis").EnumerateArray().Should().Contain(k => k.GetProperty("code").GetString() == code);
        (await _admin.GetAsync("/api/dashboard/metrics?timeRange=1h")).StatusCode.Should().Be(HttpStatusCode.OK);
        var metrics = await (await _admin.GetAsync($"/api/dashboard/metrics?timeRange=24h&codes={code}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        metrics.GetProperty("series").GetProperty(code).EnumerateArray().Should().NotBeEmpty();

        var graph = await _admin.DataAsync("query($code: ID!) { kpi(code: $code, period: day) { avg min max count } }", new { code });
        double.IsFinite(graph.GetProperty("kpi").GetProperty("avg").GetDouble()).Should().BeTrue();

        await using (var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken))
        {
            var answer = await probe.SubscribeAsync(code, "day");
            double.IsFinite(answer.GetProperty("avg").GetDouble()).Should().BeTrue("the hub serializes the current value of {0}", code);
        }

        // The SSE stream starts with the current value, on every (re)connect.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/streams/kpis/{code}?period=minute");
            using var response = await _admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            var first = await reader.NextEventAsync();
            double.IsFinite(JsonDocument.Parse(first.Data!).RootElement.GetProperty("avg").GetDouble()).Should().BeTrue();
        }

    }

    /// <summary>The overview is recomputed on every call, so a test sees its own KPI at once.</summary>
    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Dashboard:OverviewCacheTtl"] = "00:00:00.001",
        };
    }
}
