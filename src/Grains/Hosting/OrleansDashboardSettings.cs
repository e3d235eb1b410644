namespace DashboardFactory.Hosting;

/// <summary>
/// The "Orleans:Dashboard" section. The Orleans Dashboard needs its grains on every silo and its services on the
/// API node that shows it, so silos and API nodes must agree on this switch.
/// </summary>
public sealed class OrleansDashboardSettings
{
    public const string Section = "Orleans:Dashboard";

    /// <summary>Serve the Orleans Dashboard at /admin/orleans (admins only).</summary>
    public bool Enabled { get; set; } = true;

    public static OrleansDashboardSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OrleansDashboardSettings>() ?? new OrleansDashboardSettings();
}
