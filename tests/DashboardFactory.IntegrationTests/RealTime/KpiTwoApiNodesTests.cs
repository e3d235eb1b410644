using System.Net;
using System.Net.Http.Json;
using DashboardFactory.Api.RealTime;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Two API nodes on one cluster (A co-hosts the silo, B is a client of it): a browser on B gets the KPI pushes of
/// points ingested through A, and both nodes' leases count toward the subscribers.
/// </summary>
public sealed class KpiTwoApiNodesTests : IAsyncLifetime
{
    private readonly string _clusterId = "kpi-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _gatewayPort = FreePorts.Next();
    private Node _a = null!;
    private Node _b = null!;

    public Task InitializeAsync()
    {
        _a = new Node(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Embedded",
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:GatewayPort"] = _gatewayPort.ToString(),
        });
        _ = _a.Server;
        _b = new Node(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = "Client",
            ["Orleans:ClusterId"] = _clusterId,
            ["Orleans:GatewayPort"] = _gatewayPort.ToString(),
        });
        _ = _b.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task ABrowserOnTheClientNodeGetsPushesOfPointsIngestedThroughTheOther()
    {
        var code = KpiScenario.NewCode();
        await using var onA = await KpiHubProbe.ConnectAsync(_a, ApiFactory.AdminToken);
        await using var onB = await KpiHubProbe.ConnectAsync(_b, ApiFactory.AdminToken);
        await onA.SubscribeAsync(code, "minute");
        await onB.SubscribeAsync(code, "minute");
        (await _b.SubscribersAsync(code)).Shape().Should().Be("minute=2 hour=0 day=0 publishing=True", "each node holds a lease of one on {0}", code);

        var ingest = await _a.Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id = "p1", ts = DateTimeOffset.UtcNow, value = 7.5 } });
        await ingest.ShouldBeJsonAsync(HttpStatusCode.Accepted);

        (await onB.WaitForCountAsync(code, "minute", 1)).GetProperty("last").GetDouble().Should().Be(7.5);
        await onA.WaitForCountAsync(code, "minute", 1);
        _b.Service<KpiRelay>().NodeId.Should().NotBe(_a.Service<KpiRelay>().NodeId);

        await onB.UnsubscribeAsync(code, "minute");
        (await _a.SubscribersAsync(code)).Shape().Should().Be("minute=1 hour=0 day=0 publishing=True", "node A still watches {0}", code);
    }

    private sealed class Node(IDictionary<string, string?> orleans) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings.Concat(orleans));
    }
}
