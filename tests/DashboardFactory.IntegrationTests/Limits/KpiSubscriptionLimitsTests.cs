using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.IntegrationTests.Limits;

/// <summary>
/// What live KPI feeds a client may open: only KPIs that accepted a point (invented codes cost no lease and never enter
/// the directory or the overview), at most Limits:MaxKpiSubscriptionsPerConnection per hub connection and
/// Limits:MaxKpiSubscriptionsPerUser per user on a node, hub and SSE together.
/// </summary>
public sealed class KpiSubscriptionLimitsTests(KpiSubscriptionLimitsTests.Host api) : IClassFixture<KpiSubscriptionLimitsTests.Host>
{
    [Fact]
    public async Task InventedCodesNeverEnterTheDirectoryOrTheOverviewAndCannotBeWatched()
    {
        var admin = api.Admin();
        var before = (await (await admin.GetAsync("/api/dashboard/overview")).ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("kpis").GetArrayLength();
        var invented = Enumerable.Range(0, 10).Select(_ => KpiScenario.NewCode()).ToList();
        await using var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);

        foreach (var code in invented)
        {
            var posted = await admin.PostAsync($"/api/kpis/{code}/points", new StringContent("""[{"ts":"yesterday","value":1},{"ts":"2020-01-01T00:00:00Z","value":"NaN"}]""", Encoding.UTF8, "application/json"));
            (await posted.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("rejected").GetInt32().Should().Be(2);
            (await admin.GetAsync($"/api/kpis/{code}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            using var stream = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/streams/kpis/{code}?period=minute"), HttpCompletionOption.ResponseHeadersRead);
            stream.StatusCode.Should().Be(HttpStatusCode.NotFound, "an SSE stream of the invented {0} is refused", code);
            stream.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var subscribe = () => probe.SubscribeAsync(code, "minute");
            (await subscribe.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("Not found");
        }

        var listed = await (await admin.GetAsync("/api/kpis")).ShouldBeJsonAsync(HttpStatusCode.OK);
        listed.GetProperty("items").EnumerateArray().Select(c => c.GetString()).Should().NotIntersectWith(invented);
        var overview = await (await admin.GetAsync("/api/dashboard/overview")).ShouldBeJsonAsync(HttpStatusCode.OK);
        overview.GetProperty("kpis").GetArrayLength().Should().Be(before, "the overview does not grow with invented codes");
        foreach (var code in invented.Take(2))
        {
            (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "nothing was leased for {0}", code);
        }
    }

    [Fact]
    public async Task AKpiEntersTheDirectoryWithItsFirstAcceptedPoint()
    {
        var code = KpiScenario.NewCode();

        await api.IngestAsync(code, KpiScenario.LastMinute, 5);

        var listed = await (await api.Admin().GetAsync("/api/kpis")).ShouldBeJsonAsync(HttpStatusCode.OK);
        listed.GetProperty("items").EnumerateArray().Select(c => c.GetString()).Should().Contain(code);
    }

    [Fact]
    public async Task AConnectionHoldsAtMostMaxKpiSubscriptionsPerConnection()
    {
        var codes = await KpisWithDataAsync(3);
        await using var probe = await KpiHubProbe.ConnectAsync(api, await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));
        await probe.SubscribeAsync(codes[0], "minute");
        await probe.SubscribeAsync(codes[1], "minute");

        var third = () => probe.SubscribeAsync(codes[2], "minute");

        (await third.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("MaxKpiSubscriptionsPerConnection");
        await probe.SubscribeAsync(codes[1], "minute");
        await probe.UnsubscribeAsync(codes[0], "minute");
        (await probe.SubscribeAsync(codes[2], "minute")).GetProperty("code").GetString().Should().Be(codes[2], "a feed given back makes room");
    }

    [Fact]
    public async Task AUserHoldsAtMostMaxKpiSubscriptionsPerUserOverHubAndSse()
    {
        var codes = await FourKpisWithDataAsync();
        var token = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        var client = api.ClientWithToken(token);
        await using var first = await KpiHubProbe.ConnectAsync(api, token);
        var second = await KpiHubProbe.ConnectAsync(api, token);
        await first.SubscribeAsync(codes[0], "minute");
        await first.SubscribeAsync(codes[1], "minute");
        await second.SubscribeAsync(codes[2], "minute");

        var fourth = () => second.SubscribeAsync(codes[3], "minute");
        using var stream = await OpenAsync(client, codes[3]);

        (await fourth.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("MaxKpiSubscriptionsPerUser");
        stream.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        stream.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        stream.Headers.RetryAfter.Should().NotBeNull();
        await using (var other = await KpiHubProbe.ConnectAsync(api, await api.CreateUserAsync(ApiFactory.NewId("op"), "operator")))
        {
            (await other.SubscribeAsync(codes[3], "minute")).GetProperty("code").GetString().Should().Be(codes[3], "the quota is per user");
        }

        await second.DisposeAsync();
        using var reopened = await Eventually.Async(() => OpenAsync(client, codes[3]), r => r.StatusCode == HttpStatusCode.OK);
        reopened.StatusCode.Should().Be(HttpStatusCode.OK, "a closed connection gives its feeds back");
    }

    private async Task<List<string>> FourKpisWithDataAsync() => await KpisWithDataAsync(4);

    private async Task<List<string>> KpisWithDataAsync(int count)
    {
        var codes = Enumerable.Range(0, count).Select(_ => KpiScenario.NewCode()).ToList();
        foreach (var code in codes)
        {
            await api.IngestAsync(code, KpiScenario.LastMinute, 1);
        }

        return codes;
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string code)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/streams/kpis/{code}?period=minute");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Limits:MaxKpiSubscriptionsPerConnection"] = "2",
            ["Limits:MaxKpiSubscriptionsPerUser"] = "3",
            ["Dashboard:OverviewCacheTtl"] = "00:00:00.001",
        };
    }
}
