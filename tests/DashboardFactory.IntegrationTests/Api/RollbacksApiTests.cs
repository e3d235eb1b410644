using System.Net;
using System.Net.Http.Json;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class RollbacksApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task AnAdminRollsAWidgetBackAndEveryoneConcernedHearsOfIt()
    {
        var author = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", 100));
        var featureId = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id = featureId, name = "Bad widget" })).EnsureSuccessStatusCode();
        var (cockpitId, ownerToken) = await api.NewCockpitAsync();
        await api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(cockpitId).ApplyReleaseAsync(Releases.Widget(featureId));
        await using var watcher = await CockpitHubProbe.ConnectAsync(api, ownerToken);
        await watcher.JoinAsync(cockpitId);
        await using var admin = await CockpitHubProbe.ConnectAsync(api, ApiFactory.AdminToken);

        await (await author.PostAsJsonAsync($"/api/features/{featureId}/rollback", new { reason = "XSS" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Admin().PostAsJsonAsync($"/api/features/{featureId}/rollback", new { reason = "", mode = "nuke" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var started = await api.Admin().PostAsJsonAsync($"/api/features/{featureId}/rollback", new { reason = "XSS in widget html" });

        var body = await started.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        var rollbackId = body.GetProperty("rollbackId").GetString()!;
        started.Headers.Location!.ToString().Should().Be($"/api/rollbacks/{rollbackId}");
        var done = await Eventually.Async(
            async () => await (await api.Admin().GetAsync($"/api/rollbacks/{rollbackId}")).ShouldBeJsonAsync(HttpStatusCode.OK),
            r => r.GetProperty("state").GetString() == "completed");
        (done.GetProperty("total").GetInt32(), done.GetProperty("restored").GetInt32(), done.GetProperty("failed").GetInt32()).Should().Be((1, 1, 0));
        done.GetProperty("durationMs").GetInt64().Should().BeGreaterThanOrEqualTo(0);

        var alert = await watcher.WaitForAsync("alert", a => a.GetProperty("cockpitId").GetString() == cockpitId, "the cockpit's watchers are alerted");
        alert.GetProperty("message").GetString().Should().Be($"{featureId} was removed from your cockpit: XSS in widget html");
        await admin.WaitForAsync("alert", a => a.GetProperty("kind").GetString() == "feature.rolled_back", "admins are alerted");

        var owner = (await (await api.ClientWithToken(ownerToken).GetAsync("/api/me")).ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("id").GetString();
        var notifications = await (await api.ClientWithToken(ownerToken).GetAsync($"/api/users/{owner}/notifications")).ShouldBeJsonAsync(HttpStatusCode.OK);
        notifications[0].GetProperty("message").GetString().Should().Be($"{featureId} was removed from your cockpit: XSS in widget html");
        notifications[0].GetProperty("cockpitId").GetString().Should().Be(cockpitId);
        await (await author.GetAsync($"/api/users/{owner}/notifications")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var feature = await (await author.GetAsync($"/api/features/{featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        feature.GetProperty("stage").GetString().Should().Be("deprecated");
        await (await api.Admin().PostAsJsonAsync("/api/features/feat-missing/rollback", new { reason = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
