namespace DashboardFactory.Api.Dashboard;

/// <summary>The "Dashboard" section: the command center's overview cache and list sizes.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How long an API node reuses the overview it computed (seed 002: at most 30 s).</summary>
    public TimeSpan OverviewCacheTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Alerts listed in the overview, newest first.</summary>
    public int RecentAlerts { get; set; } = 20;

    /// <summary>Most KPI codes one metrics request may name.</summary>
    public int MaxMetricCodes { get; set; } = 20;

    /// <summary>Buckets of recent history a widget's data carries.</summary>
    public int WidgetSeriesBuckets { get; set; } = 24;
}
