namespace DashboardFactory.Api.Demo;

/// <summary>The "Demo:Kpis" section: the demo's KPI feed (runs only when Demo:Enabled).</summary>
public sealed class KpiSimulatorOptions
{
    public const string Section = "Demo:Kpis";

    /// <summary>Time between two points of each simulated KPI.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>History posted at start (one point a minute), so series are not empty; capped by Kpis:AcceptWindow.</summary>
    public TimeSpan Backfill { get; set; } = TimeSpan.FromHours(6);
}
