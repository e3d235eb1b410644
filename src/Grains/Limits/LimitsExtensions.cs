using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.Limits;

public static class LimitsExtensions
{
    /// <summary>Binds <see cref="LimitsOptions"/> once, validated at start (silos and API nodes both need it; the embedded mode is both).</summary>
    public static IServiceCollection AddLimitsOptions(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(LimitsMarker)))
        {
            return services;
        }

        services.AddSingleton<LimitsMarker>();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section)
            .Validate(o => o.IsValid(), LimitsOptions.Rule)
            .ValidateOnStart();
        return services;
    }

    private sealed class LimitsMarker;
}
