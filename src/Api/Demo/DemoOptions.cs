namespace DashboardFactory.Api.Demo;

/// <summary>The "Demo" section: seed a demo fleet so a new user sees something at once.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed demo data and run the demo KPI feed. Default: true in the embedded mode, false in client mode.</summary>
    public bool Enabled { get; set; }
}
