namespace DashboardFactory.Health;

/// <summary>Answers readiness probes by reading its own persisted state, so a probe proves the storage answers.</summary>
[Alias("DashboardFactory.Health.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithStringKey
{
    [Alias("Probe")]
    Task<string> ProbeAsync();
}
