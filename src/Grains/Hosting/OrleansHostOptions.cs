
namespace DashboardFactory.Hosting;

/// <summary>The "Orleans" configuration section. Defaults make the embedded mode work untouched.</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "Orleans";

    /// <summary>Embedded (co-host a silo in the API process) or Client (connect to separate silos).</summary>
    public OrleansMode Mode { get; set; } = OrleansMode.Embedded;

    public string ClusterId { get; set; } = "dashboard-factory";

    public string ServiceId { get; set; } = "dashboard-factory";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo on; unset means the host's first address.</summary>
    public string? AdvertisedIP { get; set; }

    public static OrleansHostOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<OrleansHostOptions>() ?? new OrleansHostOptions();
}
