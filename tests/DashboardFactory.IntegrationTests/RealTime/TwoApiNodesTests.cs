using System.Net.Http.Json;
using DashboardFactory.Api.RealTime;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Two API nodes on one cluster: A co-hosts the silo (embedded, with a gateway), B is an Orleans client of
/// it. A browser on B must hear of changes made through A, without any backplane.
/// </summary>
public sealed class TwoApiNodesTests : IAsyncLifetime
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private readonly string _clusterId = "rt-" + Guid.NewGuid().ToString("N")[..8];
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
        _ = _a.Server; // starts the silo before B looks for its gateway
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
    public async Task AClientOnOneNodeHearsOfAChangeMadeThroughTheOther()
    {
        _b.Services.GetService<ILocalSiloDetails>().Should().BeNull("node B is only an Orleans client of A's silo");
        _a.Services.GetService<ILocalSiloDetails>().Should().NotBeNull("node A co-hosts the silo");
        var (id, token) = await _a.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(_b, token);
        await using var onA = await CockpitHubProbe.ConnectAsync(_a, token);
        await onB.JoinAsync(id);
        await onA.JoinAsync(id);
        var before = await _b.PageETagAsync(id);

        await _a.RenameAsync(id, "Changed through A");

        var update = await onB.WaitForUpdateAsync(id);
        update.GetProperty("reason").GetString().Should().Be("customized");
        await onA.WaitForUpdateAsync(id);
        (await _b.PageETagAsync(id)).Should().NotBe(before, "node B renders the changed cockpit {0}", id);
    }

    [Fact]
    public async Task ARolloutStartedThroughOneNodeReachesABrowserOnTheOther()
    {
        var (id, token) = await _a.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(_b, token);
        await onB.JoinAsync(id);
        var before = await _b.PageETagAsync(id);

        // The whole governance path through node A's HTTP API: build, release, three approving votes.
        var author = _a.ClientWithToken(await _a.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", 300));
        var featureId = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id = featureId, name = "Live rollout" })).EnsureSuccessStatusCode();
        (await author.PostAsJsonAsync($"/api/features/{featureId}/releases", new
        {
            version = "1.0.0",
            changeType = "safe",
            widget = new { type = "kpi", title = "Live", w = 3, h = 2, html = "<p>live</p>", css = "", config = new { } },
            injection = new { mode = "smart" },
        })).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            var voter = _a.ClientWithToken(await _a.CreateUserAsync(ApiFactory.NewId("v"), "optimizer", 100));
            (await voter.PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve = true })).EnsureSuccessStatusCode();
        }

        var update = await onB.WaitForUpdateAsync(id, u => u.GetProperty("newFeatures").GetArrayLength() > 0);

        update.GetProperty("newFeatures").EnumerateArray().Select(f => f.GetString()).Should().Equal(featureId);
        update.GetProperty("version").GetString().Should().Be("1.0.1");
        (await _b.PageETagAsync(id)).Should().NotBe(before, "node B renders cockpit {0} with the new widget", id);
    }

    [Fact]
    public async Task AfterTheClientOnTheOtherNodeLeavesFurtherChangesAreNotDelivered()
    {
        var (id, token) = await _a.NewCockpitAsync();
        var (proof, _) = await _a.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(_b, token);
        await onB.JoinAsync(id);
        await onB.JoinAsync(proof);
        await _a.RenameAsync(id, "While joined");
        await onB.WaitForUpdateAsync(id);

        await onB.LeaveAsync(id);
        await _a.RenameAsync(id, "After leaving");
        await _a.RenameAsync(proof, "Proof of delivery");
        await onB.WaitForUpdateAsync(proof);
        await Task.Delay(Quiet);

        onB.UpdatesOf(id).Should().ContainSingle("node B stopped forwarding cockpit {0} when its only watcher left", id);
        _b.Service<CockpitEventRelay>().WatchedCockpits.Should().Be(1, "B still watches {0}", proof);
    }

    private sealed class Node(IDictionary<string, string?> orleans) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings.Concat(orleans));
    }
}
