using DashboardFactory.Api.Kpis;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

public static class RealTimeExtensions
{
    /// <summary>SignalR (JSON protocol only) and the relays that feed it from Orleans streams.</summary>
    public static IServiceCollection AddDashboardFactoryRealTime(this IServiceCollection services)
    {
        services.AddSignalR(o => o.AddFilter<DatabaseFaultHubFilter>());
        services.AddSingleton<CockpitEventRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<CockpitEventRelay>());
        services.AddSingleton<AdminAlertRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminAlertRelay>());
        services.AddLiveKpis();
        return services;
    }

    public static IEndpointRouteBuilder MapRealTime(this IEndpointRouteBuilder app)
    {
        app.MapHub<CockpitHub>(CockpitHub.Path).RequireAuthorization();
        app.MapKpiStreamsApi();
        return app;
    }
}
