using System.Net;
using DashboardFactory.Api.Demo;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>Demo data only where it cannot land in a real fleet, and never at the price of the host.</summary>
public sealed class DemoDefaultsTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("Embedded", null, true)]
    [InlineData("Client", null, false)]
    [InlineData("Client", "true", true)]
    [InlineData("Embedded", "false", false)]
    public void DemoDataIsOnByDefaultOnlyInTheEmbeddedMode(string? mode, string? enabled, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orleans:Mode"] = mode,
            ["Demo:Enabled"] = enabled,
        }).Build();
        using var services = new ServiceCollection().AddDashboardFactoryDemo(configuration).BuildServiceProvider();

        services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled.Should().Be(expected, "mode {0}, Demo:Enabled {1}", mode ?? "unset", enabled ?? "unset");
    }

    [Fact]
    public async Task AFailingDemoSeederIsLoggedAndTheHostRunsOn()
    {
        await using var api = new SettingsApiFactory(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        await using var failing = api.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IIncomingGrainCallFilter, RefuseCommanderFilter>()));
        _ = failing.Server;

        await api.Logs.WaitForAsync(l => l.Contains("Demo data could not be seeded", StringComparison.Ordinal), "saying the seeding failed", TimeSpan.FromSeconds(60));

        failing.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested
            .Should().BeFalse("a demo failure never stops the host");
        (await failing.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        var admin = failing.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.AdminToken);
        (await admin.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the API keeps serving");
    }

    /// <summary>Makes the seeder's first step fail the way a broken store would: creating the demo's commander throws.</summary>
    private sealed class RefuseCommanderFilter : IIncomingGrainCallFilter
    {
        public Task Invoke(IIncomingGrainCallContext context) =>
            context.InterfaceMethod?.DeclaringType == typeof(IUserGrain) && context.InterfaceMethod.Name == nameof(IUserGrain.CreateAsync)
                && context.TargetId.Key.ToString() == "commander"
                ? throw new InvalidOperationException("storage is broken (test)")
                : context.Invoke();
    }
}
