namespace DashboardFactory.Fleet;

/// <summary>One shard of the fleet index (key: shard number), so 10,000+ cockpits do not funnel through one grain.</summary>
[Alias("DashboardFactory.Fleet.IFleetIndexShardGrain")]
public interface IFleetIndexShardGrain : IGrainWithIntegerKey
{
    [Alias("Upsert")]
    Task UpsertAsync(FleetEntry entry);

    [Alias("Remove")]
    Task RemoveAsync(string cockpitId);

    /// <summary>Entries matching the filter in cockpit id order, at most Limit of them.</summary>
    [Alias("Query")]
    Task<IReadOnlyList<FleetEntry>> QueryAsync(FleetFilter filter);

    [Alias("Count")]
    Task<int> CountAsync();

    /// <summary>The cockpits of this shard a release should reach (see RolloutTargeting).</summary>
    [Alias("RolloutTargets")]
    Task<IReadOnlyList<string>> RolloutTargetsAsync(DashboardFactory.Cockpits.FeatureRelease release, IReadOnlyList<string> cohorts);

    /// <summary>How many cockpits of this shard have the feature, by installed version.</summary>
    [Alias("Installations")]
    Task<IReadOnlyDictionary<string, int>> InstallationsAsync(string featureId);

    /// <summary>
    /// <see cref="InstallationsAsync(string)"/> for several features in one call (feature id → version → count;
    /// a feature installed nowhere in this shard is left out), so a list of features costs one call per shard.
    /// </summary>
    [Alias("InstallationsOf")]
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> InstallationsOfAsync(IReadOnlyList<string> featureIds);
}
