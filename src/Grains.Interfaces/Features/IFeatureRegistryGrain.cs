using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>
/// The list of features (key "default"). Features number in the hundreds and change rarely, so one grain
/// serves; cockpits never call it on a hot path except at creation (the base template).
/// </summary>
[Alias("DashboardFactory.Features.IFeatureRegistryGrain")]
public interface IFeatureRegistryGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(FeatureSummary summary);

    [Alias("List")]
    Task<IReadOnlyList<FeatureSummary>> ListAsync(FeatureStage? stage);

    /// <summary>Each feature's dependencies (of its latest release).</summary>
    [Alias("DependencyGraph")]
    Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> DependencyGraphAsync();

    /// <summary>The latest propagatable release of every foundational feature, dependencies first.</summary>
    [Alias("BaseTemplate")]
    Task<IReadOnlyList<FeatureRelease>> BaseTemplateAsync();
}
