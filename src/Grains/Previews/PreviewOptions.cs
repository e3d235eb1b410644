namespace DashboardFactory.Previews;

/// <summary>The "Previews" section: how hard a release preview leans on the cluster.</summary>
public sealed class PreviewOptions
{
    public const string Section = "Previews";

    /// <summary>
    /// Cockpits one fleet-index shard previews at once. With 64 shards the cluster has at most 64 times this many
    /// preview calls in flight, enough to keep two cores busy without queueing thousands of merges at once.
    /// </summary>
    public int ConcurrencyPerShard { get; set; } = 16;
}
