using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace DashboardFactory.Kpis;

public static class KpiStreamExtensions
{
    /// <summary>The "KpiStreams" options, validated at start; silos and API nodes both call this.</summary>
    public static IServiceCollection AddKpiStreamOptions(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<KpiStreamOptions>().BindConfiguration(KpiStreamOptions.Section)
            .Validate(o => o.IsValid, KpiStreamOptions.Rules)
            .ValidateOnStart();
        return services;
    }

    /// <summary>Silo side: the options, and pulling agents of the stream provider that look at empty queues often enough for live KPIs.</summary>
    public static ISiloBuilder AddKpiStreams(this ISiloBuilder silo)
    {
        silo.Services.AddKpiStreamOptions();
        silo.Services.AddOptions<StreamPullingAgentOptions>(ProviderNames.Streams)
            .Configure<IOptions<KpiStreamOptions>>((agents, kpis) => agents.GetQueueMsgsTimerPeriod = kpis.Value.StreamPollInterval);
        return silo;
    }
}
