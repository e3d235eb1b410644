using DashboardFactory.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DashboardFactory.Api.Telemetry;

public static class TelemetryApiExtensions
{
    public const string ServiceName = "dashboard-factory-api";

    /// <summary>
    /// The shared telemetry (see <see cref="TelemetryExtensions.AddDashboardFactoryTelemetry"/>) plus incoming HTTP,
    /// and SignalR pushes counted on the product meter. In the embedded mode this one process is API and silo.
    /// </summary>
    public static WebApplicationBuilder AddDashboardFactoryTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(typeof(DefaultHubLifetimeManager<>));
        builder.Services.Replace(ServiceDescriptor.Singleton(typeof(HubLifetimeManager<>), typeof(CountingHubLifetimeManager<>)));
        builder.Services.AddDashboardFactoryTelemetry(builder.Configuration, ServiceName)?
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o =>
                o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        return builder;
    }
}
