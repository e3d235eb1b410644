using DashboardFactory.Cockpits;

namespace DashboardFactory.Features;

/// <summary>Owns the list of features and their dependency graph; builds the base template of new cockpits.</summary>
public sealed class FeatureRegistryGrain(
    [PersistentState("featureRegistry", ProviderNames.Storage)] IPersistentState<FeatureRegistryState> registry) : Grain, IFeatureRegistryGrain
{
    public async Task UpsertAsync(FeatureSummary summary)
    {
        if (registry.State.Features.TryGetValue(summary.Id, out var known) && SameAs(known, summary))
        {
            return;
        }

        registry.State.Features[summary.Id] = summary;
        await registry.WriteStateAsync();
    }

    public Task<IReadOnlyList<FeatureSummary>> ListAsync(FeatureStage? stage) =>
        Task.FromResult<IReadOnlyList<FeatureSummary>>([.. registry.State.Features.Values
            .Where(f => stage is null || f.Stage == stage)
            .OrderBy(f => f.Id, StringComparer.Ordinal)]);

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> DependencyGraphAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(
            registry.State.Features.ToDictionary(f => f.Key, f => f.Value.Dependencies, StringComparer.Ordinal));

    public Task<IReadOnlyList<FeatureRelease>> BaseTemplateAsync()
    {
        var foundational = registry.State.Features.Values
            .Where(f => f.Stage == FeatureStage.Foundational && f.Propagatable is not null)
            .ToDictionary(f => f.Id, StringComparer.Ordinal);
        var graph = foundational.ToDictionary(f => f.Key, f => f.Value.Dependencies, StringComparer.Ordinal);
        IReadOnlyList<FeatureRelease> template = [.. DependencyGraph.InstallOrder(graph, foundational.Keys).Select(id => foundational[id].Propagatable!)];
        return Task.FromResult(template);
    }

    // Records compare lists by reference; compare what matters by value.
    private static bool SameAs(FeatureSummary a, FeatureSummary b) =>
        a.Name == b.Name && a.Stage == b.Stage && a.AuthorId == b.AuthorId && a.LatestVersion == b.LatestVersion
        && a.Dependencies.SequenceEqual(b.Dependencies) && a.Propagatable?.Version == b.Propagatable?.Version
        && a.Owner == b.Owner && a.OwnerAssigned == b.OwnerAssigned && a.PendingApproval == b.PendingApproval && a.DeprecationNotice == b.DeprecationNotice
        && (a.Cohorts ?? []).SequenceEqual(b.Cohorts ?? []) && (a.WidgetKpis ?? []).SequenceEqual(b.WidgetKpis ?? []);
}
