using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Push through the whole path: a point posted to the HTTP API reaches a hub client without any poll. The host's
/// safety-net re-read (KpiStreams:PollInterval) is an hour, so whatever arrives was pushed.
/// </summary>
public sealed class KpiPushHubTests(KpiPushHubTests.Host api) : IClassFixture<KpiPushHubTests.Host>
{
    [Fact]
    public async Task APostedPointReachesAWatchingHubClientWellBeforeTheOldOneSecondPoll()
    {
        var code = KpiScenario.NewCode();
        using var http = api.Admin();
        await using var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await probe.SubscribeAsync(code, "minute");
        await PostAsync(http, code, "warm-up", 0);
        await probe.WaitForAsync(v => v.GetProperty("code").GetString() == code, "for the warm-up point");

        var latencies = new List<double>();
        for (var i = 1; i <= 3; i++)
        {
            var sent = Stopwatch.StartNew();
            await PostAsync(http, code, $"p{i}", i);
            await probe.WaitForAsync(v => v.GetProperty("code").GetString() == code && v.GetProperty("last").GetDouble() == i, $"for point {i}");
            latencies.Add(sent.Elapsed.TotalMilliseconds);
        }

        // Generous for a loaded 2-core machine; the poll alone used to take up to a second, and no poll runs here.
        latencies.Order().ElementAt(1).Should().BeLessThan(500, "the median time from POST to receipt on the hub (all: {0} ms)", string.Join(", ", latencies.Select(l => l.ToString("F0"))));
    }

    [Fact]
    public async Task AHubClientGetsABucketsFinalValueBeforeTheNextBucketsFirst()
    {
        var code = KpiScenario.NewCode();
        var first = KpiScenario.LastMinute - TimeSpan.FromMinutes(1);
        await using var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await probe.SubscribeAsync(code, "minute");
        await api.IngestAsync(code, first, 1, second: 10);
        await probe.WaitForCountAsync(code, "minute", 1);

        await api.IngestAsync(code, first, 2, second: 50);
        await api.IngestAsync(code, first.AddMinutes(1), 3, second: 5);
        await probe.WaitForAsync(v => v.GetProperty("last").GetDouble() == 3, "for the next bucket's first point");

        probe.Received.Select(v => (v.GetProperty("bucketStart").GetDateTimeOffset(), v.GetProperty("count").GetInt64())).Should().Equal(
            [(first, 1L), (first, 2L), (first.AddMinutes(1), 1L)], "the final value of {0}'s first bucket is pushed before the next bucket's", code);
    }

    [Fact]
    public async Task AMessagePackClientGetsTheSameFieldNamesAndValuesAsAJsonOne()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        var received = new TaskCompletionSource<Dictionary<object, object?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = TestHubConnections.Build(api, ApiFactory.AdminToken, messagePack: true);
        connection.On<Dictionary<object, object?>>(KpiHubProbe.KpiValue, v => received.TrySetResult(v));
        await using var _ = connection;
        await connection.StartAsync();
        await using var json = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await connection.InvokeAsync<Dictionary<object, object?>?>("SubscribeKpi", code, "minute");
        await json.SubscribeAsync(code, "minute");

        await api.IngestAsync(code, minute, 2.5);

        var binary = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var text = await json.WaitForCountAsync(code, "minute", 1);
        binary.Keys.Should().BeEquivalentTo(text.EnumerateObject().Select(p => (object)p.Name), "both protocols name the fields of kpiValue alike");
        binary["code"].Should().Be(code);
        binary["last"].Should().Be(2.5);
        Convert.ToInt64(binary["count"]).Should().Be(1, "MessagePack sends small integers in their shortest form");
        DateTimeOffset.Parse((string)binary["bucketStart"]!).Should().Be(minute, "times are ISO 8601 text on MessagePack too");
        Convert.ToInt64(binary["id"]).Should().Be(text.GetProperty("id").GetInt64());
    }

    private static async Task PostAsync(HttpClient http, string code, string id, double value)
    {
        var response = await http.PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id, ts = DateTimeOffset.UtcNow, value } });
        await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
    }

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["KpiStreams:PollInterval"] = "01:00:00",
        };
    }
}
