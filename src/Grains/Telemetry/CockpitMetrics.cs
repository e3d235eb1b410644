using System.Diagnostics.Metrics;

namespace DashboardFactory.Cockpits;

/// <summary>Cockpit instruments (OpenTelemetry picks the meter up by name).</summary>
public static class CockpitMetrics
{
    public const string MeterName = "DashboardFactory.Cockpits";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Pages rendered, tagged with the cockpit id: a cached page is not counted.</summary>
    public static readonly Counter<long> Renders = Meter.CreateCounter<long>("cockpit.renders");

    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("cockpit.merge.conflicts");
}
