using DashboardFactory.Fleet;

namespace DashboardFactory.Api.Cockpits;

/// <summary>Pages of the fleet index as GET /api/cockpits and GraphQL's cockpits serve them: shard by shard, in id order.</summary>
public static class FleetPages
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>
    /// At most <paramref name="want"/> cockpits matching the filters after <paramref name="position"/>; owner null
    /// means the whole fleet (admins), else only that user's cockpits.
    /// </summary>
    public static async Task<FleetPage> ReadAsync(
        IGrainFactory grains, string? feature, string? cohort, string? owner, int want, FleetCursor position)
    {
        var items = new List<FleetItem>(want);
        var (shard, afterId) = (position.Shard, position.AfterId);
        while (shard < FleetIndex.ShardCount && items.Count < want)
        {
            // Ask for one more than needed: it tells whether this shard has more after the page.
            var need = want - items.Count;
            var page = await grains.GetGrain<IFleetIndexShardGrain>(shard).QueryAsync(new FleetFilter(feature, cohort, afterId, need + 1, owner));
            items.AddRange(page.Take(need).Select(e => new FleetItem(e.CockpitId, e.Version)));
            if (page.Count > need)
            {
                return new FleetPage(items, new FleetCursor(shard, items[^1].Id).Encode());
            }

            (shard, afterId) = (shard + 1, null);
        }

        // Filled exactly at a shard's end: later shards may hold more (the next page may then be empty).
        var rest = items.Count == want && shard < FleetIndex.ShardCount ? new FleetCursor(shard, null).Encode() : null;
        return new FleetPage(items, rest);
    }
}
