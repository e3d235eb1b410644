using System.Net;
using System.Net.Http.Json;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>/hubs/cockpit on one API node, with real SignalR clients over WebSockets.</summary>
public sealed class CockpitHubTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AClientThatJoinedACockpitIsToldWhenItChangesAndThePageETagMoves()
    {
        var (id, token) = await api.NewCockpitAsync();
        await using var probe = await CockpitHubProbe.ConnectAsync(api, token);
        await probe.JoinAsync(id);
        var before = await api.PageETagAsync(id);

        await api.RenameAsync(id, "Day shift");

        var update = await probe.WaitForUpdateAsync(id);
        update.EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo(["cockpitId", "version", "newFeatures", "removedFeatures", "updatedAt", "reason", "publishedAt"], "API.md fixes the payload of cockpitUpdated");
        update.GetProperty("version").GetString().Should().Be("1.0.0");
        update.GetProperty("newFeatures").GetArrayLength().Should().Be(0);
        update.GetProperty("removedFeatures").GetArrayLength().Should().Be(0);
        update.GetProperty("reason").GetString().Should().Be("customized");
        update.GetProperty("updatedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        update.GetProperty("publishedAt").GetDateTimeOffset().Should().BeOnOrAfter(update.GetProperty("updatedAt").GetDateTimeOffset(), "the cockpit sends it once its state is written");
        (await api.PageETagAsync(id)).Should().NotBe(before, "the page of cockpit {0} changed with its document", id);
    }

    [Fact]
    public void TheNodeWarmsUpEveryHubProtocolAtStart()
    {
        api.Service<HubWarmUp>().Warmed.Should().BeEquivalentTo(["json", "messagepack"],
            "each protocol has written every message kind once, so the first operator's update does not pay for the JIT");
    }

    [Fact]
    public async Task AppliedReleasesAndRemovalsNameTheFeaturesInTheUpdate()
    {
        var (id, token) = await api.NewCockpitAsync();
        await using var probe = await CockpitHubProbe.ConnectAsync(api, token);
        await probe.JoinAsync(id);
        var cockpit = api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(id);

        await cockpit.ApplyReleaseAsync(Releases.Widget("feat-gauge"));
        var installed = await probe.WaitForUpdateAsync(id, u => u.GetProperty("newFeatures").GetArrayLength() > 0);
        await cockpit.RemoveFeatureAsync("feat-gauge", "pulled");
        var removed = await probe.WaitForUpdateAsync(id, u => u.GetProperty("removedFeatures").GetArrayLength() > 0);

        installed.GetProperty("newFeatures").EnumerateArray().Select(f => f.GetString()).Should().Equal("feat-gauge");
        installed.GetProperty("version").GetString().Should().NotBe("1.0.0", "installing a feature bumps the cockpit's version");
        removed.GetProperty("removedFeatures").EnumerateArray().Select(f => f.GetString()).Should().Equal("feat-gauge");
        removed.GetProperty("version").GetString().Should().Be((await cockpit.GetAsync())!.Version);
        removed.GetProperty("reason").GetString().Should().Contain("pulled");
    }

    [Fact]
    public async Task AClientReceivesNothingForCockpitsItDidNotJoinOrHasLeft()
    {
        var (watched, _) = await api.NewCockpitAsync();
        var (left, _) = await api.NewCockpitBesideAsync(watched);
        var (never, _) = await api.NewCockpitBesideAsync(watched);

        // Three owners' cockpits: only an admin may watch them all. Their events share a partition stream, so the
        // proof's change, published last, arrives after the two that must not be forwarded.
        await using var probe = await CockpitHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await probe.JoinAsync(watched);
        await probe.JoinAsync(left);
        await api.RenameAsync(left, "While joined");
        await probe.WaitForUpdateAsync(left);

        await probe.LeaveAsync(left);
        await api.RenameAsync(left, "After leaving");
        await api.RenameAsync(never, "Never joined");
        await api.RenameAsync(watched, "Proof of delivery");
        await probe.WaitForUpdateAsync(watched);

        probe.UpdatesOf(left).Should().ContainSingle("only the change made while joined reaches the client");
        probe.UpdatesOf(never).Should().BeEmpty("the client never joined cockpit {0}", never);
    }

    [Fact]
    public async Task JoiningAnUnknownOrMalformedCockpitFailsWithAClearMessage()
    {
        var token = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        await using var probe = await CockpitHubProbe.ConnectAsync(api, token);

        var unknown = () => probe.JoinAsync("no-such-cockpit");
        var malformed = () => probe.JoinAsync("not a valid id!");

        (await unknown.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("No cockpit 'no-such-cockpit'");
        (await malformed.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("must match");
    }

    [Fact]
    public async Task TheHubTurnsAwayAnonymousCallers()
    {
        var response = await api.CreateClient().PostAsync("/hubs/cockpit/negotiate?negotiateVersion=1", null);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdminConnectionReceivesAlertsAndOthersDoNot()
    {
        var authorId = ApiFactory.NewId("opt");
        var author = await api.CreateUserAsync(authorId, "optimizer");
        var featureId = ApiFactory.NewId("feat");
        await (await api.ClientWithToken(author).PostAsJsonAsync("/api/features", new { id = featureId, name = "Perfect order" }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var (cockpit, operatorToken) = await api.NewCockpitAsync();
        await using var admin = await CockpitHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await using var optimizer = await CockpitHubProbe.ConnectAsync(api, author);
        await using var operatorProbe = await CockpitHubProbe.ConnectAsync(api, operatorToken);
        await operatorProbe.JoinAsync(cockpit);

        await (await api.Admin().PostAsJsonAsync($"/api/features/{featureId}/deprecate", new { reason = "replaced" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        var alert = await admin.WaitForAsync(CockpitHubProbe.Alert, a => a.GetProperty("featureId").GetString() == featureId, $"about {featureId}");
        alert.GetProperty("kind").GetString().Should().Be("feature.stage_changed");
        alert.GetProperty("message").GetString().Should().Contain("deprecated");
        alert.TryGetProperty("cockpitId", out _).Should().BeFalse("an alert about a feature leaves the optional cockpitId out");
        await api.RenameAsync(cockpit, "Proof of delivery");
        await operatorProbe.WaitForUpdateAsync(cockpit);

        // The alert went out in one group send, which the admin's copy proves made; a message sent to the optimizer's
        // connection (its only one) after it arrives after any copy of that send would have.
        var proof = ApiFactory.NewId("proof");
        await api.Service<IHubContext<CockpitHub, ICockpitClient>>().Clients.User(authorId)
            .CockpitUpdated(new CockpitUpdatedMessage(proof, "0.0.0", [], [], DateTimeOffset.UtcNow, "proof of delivery", null));
        await optimizer.WaitForUpdateAsync(proof);
        operatorProbe.Received(CockpitHubProbe.Alert).Should().BeEmpty("alerts are for admins only");
        optimizer.Received(CockpitHubProbe.Alert).Should().BeEmpty("alerts are for admins only, even to the feature's author");
    }
}
