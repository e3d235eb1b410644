using DashboardFactory.Api.Kpis;
using DashboardFactory.Api.Watching;
using Microsoft.AspNetCore.SignalR;

namespace DashboardFactory.Api.RealTime;

public static class RealTimeExtensions
{
    /// <summary>
    /// SignalR and the relays that feed it from the cockpits' and KPIs' leases and Orleans streams. JSON is the
    /// protocol of the contract and what a client gets unless it asks for MessagePack (binary, smaller and cheaper to write: the choice of busy clients,
    /// e.g. browsers with @microsoft/signalr-protocol-msgpack); both carry the same field names and values.
    /// </summary>
    public static IServiceCollection AddDashboardFactoryRealTime(this IServiceCollection services)
    {
        services.AddSignalR(o =>
            {
                o.AddFilter<DatabaseFaultHubFilter>();
                o.AddFilter<ConnectionLifetimeHubFilter>();
            })
            .AddMessagePackProtocol(o => o.SerializerOptions = HubMessagePack.Options);
        services.AddSingleton<HubWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<HubWarmUp>());
        services.AddCockpitWatching();
        services.AddSingleton<CockpitEventRelay>();
        services.AddSingleton<ICockpitUpdateSink>(sp => sp.GetRequiredService<CockpitEventRelay>());
        services.AddHostedService(sp => sp.GetRequiredService<CockpitEventRelay>());
        services.AddSingleton<AdminAlertRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminAlertRelay>());
        services.AddLiveKpis();

        // What follows hub connections, told in this order when one opens; every one is told when it closes. The
        // credential-change closing (Auth.OpenConnections) is not among them: it registers the request before the
        // hub's handshake, so a change published while the connection opens cannot slip past it.
        services.AddSingleton<ConnectionLifetimeHubFilter>();
        services.AddSingleton<IHubConnectionLifetime>(sp => sp.GetRequiredService<CockpitEventRelay>());
        services.AddSingleton<IHubConnectionLifetime>(sp => sp.GetRequiredService<KpiRelay>());
        services.AddSingleton<IHubConnectionLifetime>(sp => sp.GetRequiredService<AdminAlertRelay>());
        return services;
    }

    public static IEndpointRouteBuilder MapRealTime(this IEndpointRouteBuilder app)
    {
        app.MapHub<CockpitHub>(CockpitHub.Path).RequireAuthorization();
        app.MapKpiStreamsApi();
        return app;
    }
}
