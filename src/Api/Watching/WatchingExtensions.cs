namespace DashboardFactory.Api.Watching;

public static class WatchingExtensions
{
    /// <summary>The node's cockpit-update feed (leases on watched cockpits, renewed in the background) and its push link listener.</summary>
    public static IServiceCollection AddCockpitWatching(this IServiceCollection services)
    {
        services.AddOptions<CockpitWatchOptions>().BindConfiguration(CockpitWatchOptions.Section)
            .Validate(o => o.IsValid, CockpitWatchOptions.Rules)
            .ValidateOnStart();
        services.AddSingleton<CockpitPushListener>();
        services.AddHostedService(sp => sp.GetRequiredService<CockpitPushListener>());
        services.AddSingleton<CockpitUpdateFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<CockpitUpdateFeed>());
        return services;
    }
}
