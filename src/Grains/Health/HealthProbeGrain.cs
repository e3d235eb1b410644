namespace DashboardFactory.Health;

/// <summary>Owns nothing of value: each probe re-reads its state so that an unreachable store fails the probe.</summary>
public sealed class HealthProbeGrain(
    [PersistentState("probe", ProviderNames.Storage)] IPersistentState<HealthProbeState> probe) : Grain, IHealthProbeGrain
{
    public async Task<string> ProbeAsync()
    {
        await probe.ReadStateAsync();
        return RuntimeIdentity;
    }
}
