using DashboardFactory.Api.RealTime;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

public static class LiveKpiExtensions
{
    /// <summary>The node's KPI relay (a singleton that also renews its leases in the background; it follows hub connections through <see cref="ConnectionLifetimeHubFilter"/>).</summary>
    public static IServiceCollection AddLiveKpis(this IServiceCollection services)
    {
        services.AddKpiStreamOptions();
        services.AddSingleton<KpiRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<KpiRelay>());
        return services;
    }
}
