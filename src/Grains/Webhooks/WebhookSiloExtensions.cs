using DashboardFactory.Kpis;
using DashboardFactory.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace DashboardFactory.Webhooks;

public static class WebhookSiloExtensions
{
    /// <summary>
    /// Webhook delivery on a silo: the outbox producers write through (nudging the dispatcher), the delivery store, the
    /// sender and its SSRF guard, the registry cache, and the kpi.value sink around the KPI store. Call after the KPI
    /// store is registered. Without PostgreSQL the outbox and store live in memory, one per cluster id.
    /// </summary>
    public static ISiloBuilder AddWebhooks(this ISiloBuilder silo, string? postgres)
    {
        var services = silo.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<WebhookAddressGuard>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookSubscriptions>();
        services.TryAddSingleton<WebhookEventSink>();
        services.TryAddSingleton<SecretProtector>();
        if (string.IsNullOrWhiteSpace(postgres))
        {
            services.TryAddSingleton(sp => MemoryOutbox.For(ClusterIdOf(sp)));
            services.TryAddSingleton<IOutbox>(sp => new NudgingOutbox(sp.GetRequiredService<MemoryOutbox>(), sp.GetRequiredService<IGrainFactory>()));
            services.TryAddSingleton<IWebhookStore>(sp => MemoryWebhookStore.For(ClusterIdOf(sp)));
            services.TryAddSingleton<IWebhookKeySource>(sp =>
                new ConfiguredKeySource(sp.GetRequiredService<IOptions<WebhookOptions>>(), ConfiguredKeySource.PerProcess));
        }
        else
        {
            services.TryAddSingleton<PostgresOutbox>();
            services.TryAddSingleton<IOutbox>(sp => new NudgingOutbox(sp.GetRequiredService<PostgresOutbox>(), sp.GetRequiredService<IGrainFactory>()));
            services.TryAddSingleton<IWebhookStore, PostgresWebhookStore>();
            services.TryAddSingleton<PostgresKeySource>();
            services.TryAddSingleton<IWebhookKeySource>(sp =>
                new ConfiguredKeySource(sp.GetRequiredService<IOptions<WebhookOptions>>(), sp.GetRequiredService<PostgresKeySource>().GetKeyAsync));
        }

        DecorateKpiStore(services);
        silo.AddStartupTask((sp, cancellationToken) =>
        {
            // In the background: a silo's start must not wait on grains that may be placed on silos still starting.
            _ = ActiveSilo.StartAsync(sp);
            return Task.CompletedTask;
        });
        return silo;
    }

    private static string ClusterIdOf(IServiceProvider services) => services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;

    /// <summary>Wraps whichever KPI store is registered in the kpi.value sink.</summary>
    private static void DecorateKpiStore(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(IKpiStore))
            ?? throw new InvalidOperationException("AddWebhooks needs the KPI store registered first (AddKpis).");
        services.Remove(original);
        services.AddSingleton<IKpiStore>(sp => new KpiValueWebhookSink(
            original.ImplementationInstance as IKpiStore
                ?? original.ImplementationFactory?.Invoke(sp) as IKpiStore
                ?? (IKpiStore)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!),
            sp.GetRequiredService<IOutbox>(),
            sp.GetRequiredService<WebhookSubscriptions>(),
            sp.GetRequiredService<TimeProvider>()));
    }
}
