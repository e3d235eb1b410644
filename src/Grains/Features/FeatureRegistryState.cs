namespace DashboardFactory.Features;

[GenerateSerializer, Alias("DashboardFactory.Features.FeatureRegistryState")]
public sealed class FeatureRegistryState
{
    [Id(0)] public Dictionary<string, FeatureSummary> Features { get; set; } = new(StringComparer.Ordinal);
}
