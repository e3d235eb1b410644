using System.IO.Hashing;
using System.Text;

namespace DashboardFactory.Fleet;

/// <summary>
/// Where a cockpit lives in the index. The shard count is part of the stored data's layout: changing it
/// would strand entries in the old shards, so it is a constant, not a setting.
/// </summary>
public static class FleetIndex
{
    public const int ShardCount = 64;

    /// <summary>A stable hash (not string.GetHashCode, which differs per process).</summary>
    public static int ShardOf(string cockpitId) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(cockpitId)) % ShardCount);

    public static IFleetIndexShardGrain Shard(this IGrainFactory grains, string cockpitId) =>
        grains.GetGrain<IFleetIndexShardGrain>(ShardOf(cockpitId));
}
