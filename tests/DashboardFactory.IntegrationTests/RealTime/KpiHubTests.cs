using System.Net;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using DashboardFactory.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>SubscribeKpi / UnsubscribeKpi on /hubs/cockpit with real SignalR clients and the real KPI grain.</summary>
public sealed class KpiHubTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] WireFields = ["code", "period", "bucketStart", "avg", "min", "max", "count", "last"];

    [Fact]
    public async Task SubscribeAnswersTheCurrentValueAsTheKpiGrainHasItThenPushesEachChange()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(code, minute, 4, second: 5);
        await api.IngestAsync(code, minute, 8, second: 6);
        await using var probe = await KpiHubProbe.ConnectAsync(api, await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

        var answer = await probe.SubscribeAsync(code, "minute");

        var served = await (await api.Admin().GetAsync($"/api/kpis/{code}?period=minute")).ShouldBeJsonAsync(HttpStatusCode.OK);
        foreach (var field in WireFields)
        {
            answer.GetProperty(field).GetRawText().Should().Be(served.GetProperty(field).GetRawText(), "SubscribeKpi answers {0} as GET /api/kpis/{1} serves it", field, code);
        }

        ShouldMatch(answer, (await api.CurrentAsync(code))!);
        answer.GetProperty("count").GetInt64().Should().Be(2);

        using var delays = new HistogramRecorder(FactoryMetrics.KpiValueDelay);
        using var publishDelays = new HistogramRecorder(FactoryMetrics.KpiValuePublishDelay);
        await api.IngestAsync(code, minute, 12, second: 7);
        var pushed = await probe.WaitForCountAsync(code, "minute", 3);
        delays.All.Should().NotBeEmpty("the node times each live value it takes from a stream grain")
            .And.OnlyContain(ms => ms > -1_000 && ms < 10_000, "from the stream grain's publish to the node's receipt, on one machine's clock");
        publishDelays.All.Should().Contain(ms => ms >= 0 && ms < 10_000,
            "the stream grain times each value it publishes from the KPI grain taking in its change (tests moving the KPI clock may add others)");

        pushed.EnumerateObject().Select(p => p.Name).Should().Contain(WireFields, "API.md fixes the payload of kpiValue");
        ShouldMatch(pushed, (await api.CurrentAsync(code))!);
        pushed.GetProperty("last").GetDouble().Should().Be(12);
        pushed.GetProperty("max").GetDouble().Should().Be(12);
        pushed.GetProperty("avg").GetDouble().Should().Be(8);
        pushed.GetProperty("publishedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task SubscribingToAKpiThatNeverAcceptedAPointIsRefusedAsNotFoundAndLeasesNothing()
    {
        var code = KpiScenario.NewCode();
        await using var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        (await api.Admin().PostAsync($"/api/kpis/{code}/points", new StringContent("""[{"ts":"not a time","value":1}]""", System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.Accepted, "a batch whose every point is rejected is still answered");

        var subscribe = () => probe.SubscribeAsync(code, "hour");

        (await subscribe.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("Not found").And.Contain(code);
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "an invented code {0} costs no lease", code);
        await api.IngestAsync(code, KpiScenario.LastMinute, 42);
        (await probe.SubscribeAsync(code, "hour")).GetProperty("last").GetDouble().Should().Be(42, "once {0} has data it may be watched", code);
    }

    [Fact]
    public async Task SwitchingPeriodIsUnsubscribeThenSubscribeAndOnlyTheNewPeriodIsPushed()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        await api.IngestAsync(code, minute, 1);
        await using var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await probe.SubscribeAsync(code, "minute");

        await probe.UnsubscribeAsync(code, "minute");
        var day = await probe.SubscribeAsync(code, "day");
        await api.IngestAsync(code, minute, 2, second: 20);
        await probe.WaitForCountAsync(code, "day", 2);

        day.GetProperty("period").GetString().Should().Be("day");
        var subscribers = await api.SubscribersAsync(code);
        subscribers.Shape().Should().Be("minute=0 hour=0 day=1 publishing=True");
        probe.Received.Should().NotContain(v => v.GetProperty("period").GetString() == "minute", "the client left the minute feed of {0} before the change", code);
    }

    [Fact]
    public async Task ABadCodeOrPeriodFailsWithAClearMessage()
    {
        await using var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);

        var code = KpiScenario.NewCode();
        await api.IngestAsync(code, KpiScenario.LastMinute, 1);
        var badCode = () => probe.SubscribeAsync("not a code!", "minute");
        var badPeriod = () => probe.SubscribeAsync("perfect_order", "week");
        var upperCase = () => probe.UnsubscribeAsync("perfect_order", "Minute");

        (await badCode.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("KPI code must match");
        (await badPeriod.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("one of minute, hour, day").And.Contain("'week'");
        (await upperCase.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("one of minute, hour, day");
        (await probe.SubscribeAsync(code, "minute")).ValueKind.Should().Be(JsonValueKind.Object, "the connection survives refused calls");
    }

    private static void ShouldMatch(JsonElement message, KpiValue value)
    {
        message.GetProperty("code").GetString().Should().Be(value.Code);
        message.GetProperty("period").GetString().Should().Be(value.Period.ToWire());
        message.GetProperty("bucketStart").GetDateTimeOffset().Should().Be(value.BucketStart);
        message.GetProperty("avg").GetDouble().Should().Be(value.Avg);
        message.GetProperty("min").GetDouble().Should().Be(value.Min);
        message.GetProperty("max").GetDouble().Should().Be(value.Max);
        message.GetProperty("count").GetInt64().Should().Be(value.Count);
        message.GetProperty("last").GetDouble().Should().Be(value.Last);
    }
}
