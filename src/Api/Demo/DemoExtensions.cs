namespace DashboardFactory.Api.Demo;

public static class DemoExtensions
{
    public static IServiceCollection AddDashboardFactoryDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddHostedService<DemoSeeder>();
        return services;
    }
}
