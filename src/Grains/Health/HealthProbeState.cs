namespace DashboardFactory.Health;

[GenerateSerializer, Alias("DashboardFactory.Health.HealthProbeState")]
public sealed class HealthProbeState
{
    [Id(0)] public DateTimeOffset? LastWrite { get; set; }
}
