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
public sealed class TwoApiNodesTests : TwoApiNodes
{
    [Fact]
    public async Task AClientOnOneNodeHearsOfAChangeMadeThroughTheOther()
    {
        B.Services.GetService<ILocalSiloDetails>().Should().BeNull("node B is only an Orleans client of A's silo");
        A.Services.GetService<ILocalSiloDetails>().Should().NotBeNull("node A co-hosts the silo");
        var (id, token) = await A.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(B, token);
        await using var onA = await CockpitHubProbe.ConnectAsync(A, token);
        await onB.JoinAsync(id);
        await onA.JoinAsync(id);
        var before = await B.PageETagAsync(id);

        await A.RenameAsync(id, "Changed through A");

        var update = await onB.WaitForUpdateAsync(id);
        update.GetProperty("reason").GetString().Should().Be("customized");
        await onA.WaitForUpdateAsync(id);
        (await B.PageETagAsync(id)).Should().NotBe(before, "node B renders the changed cockpit {0}", id);
    }

    [Fact]
    public async Task ARolloutStartedThroughOneNodeReachesABrowserOnTheOther()
    {
        var (id, token) = await A.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(B, token);
        await onB.JoinAsync(id);
        var before = await B.PageETagAsync(id);

        // The whole governance path through node A's HTTP API: build, release, three approving votes.
        var author = A.ClientWithToken(await A.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", 300));
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
            var voter = A.ClientWithToken(await A.CreateUserAsync(ApiFactory.NewId("v"), "optimizer", 100));
            (await voter.PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve = true })).EnsureSuccessStatusCode();
        }

        var update = await onB.WaitForUpdateAsync(id, u => u.GetProperty("newFeatures").GetArrayLength() > 0);

        update.GetProperty("newFeatures").EnumerateArray().Select(f => f.GetString()).Should().Equal(featureId);
        update.GetProperty("version").GetString().Should().Be("1.0.1");
        (await B.PageETagAsync(id)).Should().NotBe(before, "node B renders cockpit {0} with the new widget", id);
    }

    [Fact]
    public async Task AfterTheClientOnTheOtherNodeLeavesFurtherChangesAreNotDelivered()
    {
        var (id, _) = await A.NewCockpitAsync();
        var (proof, _) = await A.NewCockpitBesideAsync(id);

        // Two owners' cockpits: only an admin may watch both. The proof's change, published last on the same partition
        // stream, reaches node B after the one it must not forward.
        await using var onB = await CockpitHubProbe.ConnectAsync(B, ApiFactory.AdminToken);
        await onB.JoinAsync(id);
        await onB.JoinAsync(proof);
        await A.RenameAsync(id, "While joined");
        await onB.WaitForUpdateAsync(id);

        await onB.LeaveAsync(id);
        await A.RenameAsync(id, "After leaving");
        await A.RenameAsync(proof, "Proof of delivery");
        await onB.WaitForUpdateAsync(proof);

        onB.UpdatesOf(id).Should().ContainSingle("node B stopped forwarding cockpit {0} when its only watcher left", id);
        B.Service<CockpitEventRelay>().WatchedCockpits.Should().Be(1, "B still watches {0}", proof);
    }
}
