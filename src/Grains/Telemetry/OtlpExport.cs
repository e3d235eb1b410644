namespace DashboardFactory.Telemetry;

/// <summary>
/// Whether and where telemetry leaves the process, read from the standard OpenTelemetry variables (which reach
/// IConfiguration as keys of the same name). Nothing is exported unless an OTLP endpoint is set: an unset
/// endpoint must not mean "try localhost:4317 forever".
/// </summary>
public sealed record OtlpExport(bool All, bool Traces, bool Metrics)
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string MetricsEndpoint = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    public const string SdkDisabled = "OTEL_SDK_DISABLED";

    public bool Any => All || Traces || Metrics;

    public static OtlpExport From(IConfiguration configuration)
    {
        if (string.Equals(configuration[SdkDisabled], "true", StringComparison.OrdinalIgnoreCase))
        {
            return new OtlpExport(false, false, false);
        }

        bool Set(string key) => !string.IsNullOrWhiteSpace(configuration[key]);
        return Set(Endpoint)
            ? new OtlpExport(true, true, true)
            : new OtlpExport(false, Set(TracesEndpoint), Set(MetricsEndpoint));
    }
}
