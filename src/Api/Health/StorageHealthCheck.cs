using DashboardFactory.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DashboardFactory.Api.Health;

/// <summary>Ready only when grain storage answers a read (PostgreSQL in cluster mode).</summary>
internal sealed class StorageHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silo = await grains.GetGrain<IHealthProbeGrain>("ready").ProbeAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"storage read through {silo}");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Grain storage does not answer.", error);
        }
    }
}
