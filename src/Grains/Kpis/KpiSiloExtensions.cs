using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Kpis;

public static class KpiSiloExtensions
{
    /// <summary>KPI options and the KPI store: in memory without PostgreSQL, the kpi_points table with it.</summary>
    public static IServiceCollection AddKpis(this IServiceCollection services, string? postgres)
    {
        services.AddKpiOptions();
        services.TryAddSingleton(sp => new KpiClock(sp.GetRequiredService<TimeProvider>()));
        if (string.IsNullOrWhiteSpace(postgres))
        {
            services.TryAddSingleton<IKpiStore>(sp =>
            {
                MemoryKpiStore.Shared.Retention = sp.GetRequiredService<IOptions<KpiOptions>>().Value.MemoryRetention;
                return MemoryKpiStore.Shared;
            });
        }
        else
        {
            services.TryAddSingleton<IKpiStore, PostgresKpiStore>();
        }

        return services;
    }

    /// <summary>The "Kpis" options, validated at start; also used by the API nodes, which check points before sending them.</summary>
    public static IServiceCollection AddKpiOptions(this IServiceCollection services)
    {
        services.AddOptions<KpiOptions>().BindConfiguration(KpiOptions.Section)
            .Validate(o => o.IsValid(),
                "Kpis: AcceptWindow from 0 to 31 days, StaleAfter, CheckPeriod > 0, MaxBatch 1..100000, MaxSeriesBuckets > 0, MemoryRetention >= AcceptWindow.")
            .ValidateOnStart();
        return services;
    }
}
