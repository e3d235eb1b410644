namespace DashboardFactory.Api.Dashboard;

public static class DashboardExtensions
{
    public static IServiceCollection AddDashboardFactoryDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section)
            .Validate(o => o.OverviewCacheTtl > TimeSpan.Zero && o.OverviewCacheTtl <= TimeSpan.FromSeconds(30)
                    && o.RecentAlerts is >= 0 and <= 200 && o.MaxMetricCodes > 0 && o.WidgetSeriesBuckets > 0,
                "Dashboard: OverviewCacheTtl in (0, 30 s], RecentAlerts 0..200, MaxMetricCodes and WidgetSeriesBuckets > 0.")
            .ValidateOnStart();
        services.AddSingleton<OverviewBuilder>();
        services.AddSingleton<OverviewCache>();
        return services;
    }
}
