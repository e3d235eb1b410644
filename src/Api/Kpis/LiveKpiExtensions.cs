using DashboardFactory.Api.RealTime;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.Kpis;

public static class LiveKpiExtensions
{
    /// <summary>The node's KPI relay (a singleton that also renews its leases in the background) and its hub filter.</summary>
    public static IServiceCollection AddLiveKpis(this IServiceCollection services)
    {
        services.AddKpiStreamOptions();
        services.AddSingleton<KpiRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<KpiRelay>());
        services.AddSingleton<KpiConnectionFilter>();
        services.Configure<HubOptions>(o => o.AddFilter<KpiConnectionFilter>());
        return services;
    }
}
