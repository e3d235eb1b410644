using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.Fleet;
using DashboardFactory.Users;

namespace DashboardFactory.Api.GraphQL.Batching;

/// <summary>
/// The grain reads of one GraphQL operation, batched per level of the result: one call per distinct cockpit,
/// user, feature and campaign however many fields ask for it, and the installation counts of any number of
/// features in one call per fleet-index shard.
/// </summary>
public sealed class GrainLoaders(IGrainFactory grains)
{
    public BatchLoader<string, CockpitView> Cockpits { get; } = new(ids => FetchAsync(ids, id => grains.GetGrain<ICockpitGrain>(id).GetAsync()));

    public BatchLoader<string, UserProfile> Users { get; } = new(ids => FetchAsync(ids, id => grains.GetGrain<IUserGrain>(id).GetAsync()));

    public BatchLoader<string, FeatureView> Features { get; } = new(ids => FetchAsync(ids, id => grains.GetGrain<IFeatureGrain>(id).GetAsync()));

    public BatchLoader<string, CampaignView> Campaigns { get; } = new(ids => FetchAsync(ids, id => grains.GetGrain<ICampaignGrain>(id).GetAsync()));

    /// <summary>Feature id → installed version → cockpits, over the whole fleet.</summary>
    public BatchLoader<string, IReadOnlyDictionary<string, int>> Installations { get; } = new(async ids =>
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => grains.GetGrain<IFleetIndexShardGrain>(s).InstallationsOfAsync(ids)));
        return ids.ToDictionary(
            id => id,
            id => (IReadOnlyDictionary<string, int>)shards
                .SelectMany(s => s.GetValueOrDefault(id) ?? new Dictionary<string, int>())
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
    });

    private static async Task<IReadOnlyDictionary<string, T>> FetchAsync<T>(IReadOnlyList<string> ids, Func<string, Task<T?>> get)
        where T : class
    {
        var values = await Task.WhenAll(ids.Select(get));
        return ids.Zip(values)
            .Where(p => p.Second is not null)
            .ToDictionary(p => p.First, p => p.Second!, StringComparer.Ordinal);
    }
}
