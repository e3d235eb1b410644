using System.Globalization;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>
/// A GraphQL subscriber on an API node in client mode (an Orleans client of another node's silo) is served by that
/// node's relay like a hub connection there: it holds the KPI lease and gets the values the silo publishes.
/// </summary>
public sealed class GraphQLClientModeTests : IAsyncLifetime
{
    private readonly string _clusterId = "gql-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _gatewayPort = FreePorts.Next();
    private ApiFactory _silo = null!;
    private KestrelApiFactory _client = null!;

    public Task InitializeAsync()
    {
        _silo = new SiloNode(Orleans("Embedded"));
        _ = _silo.Server; // the silo is up before the client node looks for its gateway
        _client = new ClientNode(Orleans("Client"));
        _ = _client.Address;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task AKpiValueSubscriptionOnAClientModeNodeReceivesValuesAndReleasesItsLeaseWhenDropped()
    {
        var code = KpiScenario.NewCode();
        await using var subscriber = await GraphQLWsDriver.ConnectAsync(_client, ApiFactory.AdminToken);
        await subscriber.SubscribeAsync("kpi", "subscription($code: ID!) { kpiValue(code: $code) { code count last } }", new { code });

        await _silo.SubscribersWhenAsync(code, s => s.GetProperty("minute").GetInt32() == 1);
        await _silo.IngestAsync(code, KpiScenario.LastMinute, 11);

        var value = await subscriber.WaitForDataAsync("kpi", "kpiValue", v => v.GetProperty("count").GetInt64() == 1, $"a value of {code} on the client-mode node");
        value.GetProperty("last").GetDouble().Should().Be(11);
        await subscriber.SendAsync(new { cmd = "drop" });
        (await _silo.SubscribersWhenAsync(code, s => !s.GetProperty("publishing").GetBoolean())).Shape()
            .Should().Be("minute=0 hour=0 day=0 publishing=False", "the client-mode node gave its lease on {0} back", code);
    }

    private Dictionary<string, string?> Orleans(string mode) => new()
    {
        ["Orleans:Mode"] = mode,
        ["Orleans:ClusterId"] = _clusterId,
        ["Orleans:GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
    };

    private sealed class SiloNode(IDictionary<string, string?> orleans) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings.Concat(orleans));
    }

    private sealed class ClientNode(IDictionary<string, string?> orleans) : KestrelApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings.Concat(orleans));
    }
}
