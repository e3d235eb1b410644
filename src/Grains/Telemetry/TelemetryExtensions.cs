using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace DashboardFactory.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Orleans' own meter: grain calls, activations, messaging, membership.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// OpenTelemetry for a silo or API host: traces of grain calls (application grains and storage), PostgreSQL
    /// commands and outgoing HTTP; metrics of Orleans, PostgreSQL, outgoing HTTP, the .NET runtime and the
    /// product's own meters; all exported over OTLP when the standard OTEL_EXPORTER_OTLP_* variables say where.
    /// Without them nothing is registered at all, so an unobserved process pays nothing and sends nothing.
    /// Returns the builder (null when off) so the API can add its ASP.NET Core instrumentation.
    /// </summary>
    public static OpenTelemetryBuilder? AddDashboardFactoryTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var export = OtlpExport.From(configuration);
        if (!export.Any)
        {
            return null;
        }

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the service; each process gets an instance id of its own.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.StorageActivitySourceName)
                .AddNpgsql()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(FactoryMetrics.MeterName, CockpitMetrics.MeterName, OrleansMeter)
                .AddNpgsqlInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (export.All)
        {
            builder.UseOtlpExporter();
            return builder;
        }

        // Only some signals have an endpoint of their own: export those, and only those (logs go out only with the
        // common endpoint).
        if (export.Traces)
        {
            builder.WithTracing(tracing => tracing.AddOtlpExporter(o => o.Endpoint = new Uri(configuration[OtlpExport.TracesEndpoint]!)));
        }

        if (export.Metrics)
        {
            builder.WithMetrics(metrics => metrics.AddOtlpExporter(o => o.Endpoint = new Uri(configuration[OtlpExport.MetricsEndpoint]!)));
        }

        return builder;
    }
}
