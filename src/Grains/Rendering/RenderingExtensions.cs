using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.Rendering;

public static class RenderingExtensions
{
    /// <summary>Binds <see cref="RenderingOptions"/> once (silos and API nodes both need it; embedded mode is both).</summary>
    public static IServiceCollection AddRenderingOptions(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(RenderingMarker)))
        {
            return services;
        }

        services.AddSingleton<RenderingMarker>();
        services.AddOptions<RenderingOptions>().BindConfiguration(RenderingOptions.Section)
            .Validate(o => o.IsValid, "Rendering:ImageSources must be CSP source expressions such as https://cdn.example.com (no quotes, spaces, ';' or ',').")
            .ValidateOnStart();
        return services;
    }

    private sealed class RenderingMarker;
}
