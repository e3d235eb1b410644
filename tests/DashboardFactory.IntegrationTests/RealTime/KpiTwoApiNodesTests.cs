using System.Net;
using System.Net.Http.Json;
using DashboardFactory.Api.RealTime;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Two API nodes on one cluster (A co-hosts the silo, B is a client of it): a browser on B gets the KPI pushes of
/// points ingested through A, and both nodes' leases count toward the subscribers.
/// </summary>
public sealed class KpiTwoApiNodesTests : TwoApiNodes
{
    [Fact]
    public async Task ABrowserOnTheClientNodeGetsPushesOfPointsIngestedThroughTheOther()
    {
        var code = KpiScenario.NewCode();
        await A.IngestAsync(code, KpiScenario.LastMinute - TimeSpan.FromMinutes(3), 0);
        await using var onA = await KpiHubProbe.ConnectAsync(A, ApiFactory.AdminToken);
        await using var onB = await KpiHubProbe.ConnectAsync(B, ApiFactory.AdminToken);
        await onA.SubscribeAsync(code, "minute");
        await onB.SubscribeAsync(code, "minute");
        (await B.SubscribersAsync(code)).Shape().Should().Be("minute=2 hour=0 day=0 publishing=True", "each node holds a lease of one on {0}", code);

        var ingest = await A.Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id = "p1", ts = DateTimeOffset.UtcNow, value = 7.5 } });
        await ingest.ShouldBeJsonAsync(HttpStatusCode.Accepted);

        (await onB.WaitForCountAsync(code, "minute", 1)).GetProperty("last").GetDouble().Should().Be(7.5);
        await onA.WaitForCountAsync(code, "minute", 1);
        B.Service<KpiRelay>().NodeId.Should().NotBe(A.Service<KpiRelay>().NodeId);

        await onB.UnsubscribeAsync(code, "minute");
        (await A.SubscribersAsync(code)).Shape().Should().Be("minute=1 hour=0 day=0 publishing=True", "node A still watches {0}", code);
    }
}
