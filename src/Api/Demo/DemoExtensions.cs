namespace DashboardFactory.Api.Demo;

public static class DemoExtensions
{
    public static IServiceCollection AddDashboardFactoryDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddHostedService<DemoSeeder>();
        services.AddOptions<KpiSimulatorOptions>().Bind(configuration.GetSection(KpiSimulatorOptions.Section))
            .Validate(o => o.Interval > TimeSpan.Zero && o.Backfill >= TimeSpan.Zero, "Demo:Kpis: Interval > 0 and Backfill >= 0.")
            .ValidateOnStart();
        services.AddHostedService<KpiSimulator>();
        return services;
    }
}
