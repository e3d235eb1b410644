using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

public static class KpiApiExtensions
{
    /// <summary>The "Kpis" options on the API node too: it checks points against the window before the grain does.</summary>
    public static IServiceCollection AddDashboardFactoryKpis(this IServiceCollection services) => services.AddKpiOptions();
}
