using DashboardFactory.Hosting;

namespace DashboardFactory.Api.Demo;

public static class DemoExtensions
{
    public static IServiceCollection AddDashboardFactoryDemo(this IServiceCollection services, IConfiguration configuration)
    {
        // Demo data only where it cannot land in someone's real fleet: on by default in the embedded mode, off in
        // client mode (a cluster's API node) unless Demo:Enabled says otherwise.
        services.AddOptions<DemoOptions>()
            .Bind(configuration.GetSection(DemoOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(configuration[$"{DemoOptions.Section}:Enabled"]))
                {
                    o.Enabled = OrleansHostOptions.From(configuration).Mode == OrleansMode.Embedded;
                }
            });
        services.AddHostedService<DemoSeeder>();
        services.AddOptions<KpiSimulatorOptions>().Bind(configuration.GetSection(KpiSimulatorOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero && o.Backfill >= TimeSpan.Zero, "Demo:Kpis: Interval > 0 and Backfill >= 0.")
            .ValidateOnStart();
        services.AddHostedService<KpiSimulator>();
        return services;
    }
}
