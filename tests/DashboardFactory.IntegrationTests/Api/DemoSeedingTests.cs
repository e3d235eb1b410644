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
            (await response.ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("xp").GetInt32().Should().Be(user.Xp, "demo user {0} is seeded", id);
        }

        var commander = await (await admin.GetAsync("/api/users/commander")).ShouldBeJsonAsync(HttpStatusCode.OK);
        commander.GetProperty("role").GetString().Should().Be("admin");
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
