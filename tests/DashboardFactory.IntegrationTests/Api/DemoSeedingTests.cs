using System.Net;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class DemoSeedingTests
{
    [Fact]
    public async Task TheEmbeddedDefaultSeedsDemoUsersAndGeneratesAWorkingAdminToken()
    {
        await using var api = new DefaultSettingsApiFactory();
        var auth = api.Service<IOptions<DashboardFactory.Api.Auth.AuthOptions>>().Value;
        auth.AdminTokenGenerated.Should().BeTrue("no Auth:AdminToken was configured");
        var admin = api.ClientWithToken(auth.AdminToken);

        foreach (var (id, user) in DashboardFactory.Api.Demo.DemoSeeder.Users)
        {
            var response = await Eventually.Async(() => admin.GetAsync($"/api/users/{id}"), r => r.StatusCode == HttpStatusCode.OK);
            (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("xp").GetInt32().Should().BeGreaterThanOrEqualTo(user.Xp, "demo user {0} is seeded (authors also earn rewards)", id);
        }

        var commander = await (await admin.GetAsync("/api/users/commander")).ShouldBeJsonAsync(HttpStatusCode.OK);
        commander.GetProperty("role").GetString().Should().Be("admin");

        var last = DashboardFactory.Api.Demo.DemoSeeder.CockpitId(DashboardFactory.Api.Demo.DemoSeeder.CockpitCount);
        (await Eventually.Async(() => admin.GetAsync($"/api/cockpits/{last}"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60)))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var fleet = await (await admin.GetAsync("/api/cockpits?limit=500")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var ids = fleet.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
        ids.Should().HaveCountGreaterThanOrEqualTo(50);

        // Varied: not every cockpit has the same document, and operators' own edits are there.
        var documents = new HashSet<string>();
        var customized = 0;
        foreach (var id in ids)
        {
            var cockpit = await (await admin.GetAsync($"/api/cockpits/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
            documents.Add(cockpit.GetProperty("title").GetString() + cockpit.GetProperty("theme").ToString() + cockpit.GetProperty("widgets").ToString());
            customized += cockpit.GetProperty("widgets").TryGetProperty("my_notes", out _) || cockpit.GetProperty("title").GetString()!.StartsWith("Line") ? 1 : 0;
            (await admin.GetAsync($"/cockpits/{id}")).StatusCode.Should().Be(HttpStatusCode.OK, "every demo cockpit renders");
        }

        documents.Should().HaveCountGreaterThan(20);

        var features = await (await admin.GetAsync("/api/features")).ShouldBeJsonAsync(HttpStatusCode.OK);
        features.EnumerateArray().Select(f => f.GetProperty("stage").GetString()).Distinct()
            .Should().Contain(["foundational", "approved", "experimental"], "the demo shows every stage of governance");
        customized.Should().BeGreaterThan(ids.Count / 2);
    }

    [Fact]
    public async Task DemoDataIsOffWhenDisabled()
    {
        await using var api = new ApiFactory();

        (await api.Admin().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.Admin().GetAsync("/api/users/commander")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private sealed class DefaultSettingsApiFactory : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>();
    }
}
