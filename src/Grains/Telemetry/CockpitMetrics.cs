using System.Diagnostics.Metrics;

namespace DashboardFactory.Telemetry;

/// <summary>Cockpit instruments (OpenTelemetry picks the meter up by name).</summary>
public static class CockpitMetrics
{
    public const string MeterName = "DashboardFactory.Cockpits";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Pages rendered, tagged with the cockpit id: a cached page is not counted.</summary>
    public static readonly Counter<long> Renders = Meter.CreateCounter<long>("cockpit.renders");

    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("cockpit.merge.conflicts");

    /// <summary>A change a cockpit saved: counted by kind (<see cref="FactoryMetrics.CockpitUpdated"/>), with its merge conflicts.</summary>
    public static void Changed(CockpitChange change, int conflicts)
    {
        FactoryMetrics.CockpitUpdated(change);
        if (conflicts > 0)
        {
            Conflicts.Add(conflicts);
        }
    }
}
