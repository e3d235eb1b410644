using Microsoft.Extensions.DependencyInjection.Extensions;

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
}
