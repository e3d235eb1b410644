namespace DashboardFactory.Kpis;

/// <summary>
/// One "kpiValue" as a KPI stream grain publishes it to API nodes: the KPI's current bucket, the event id SSE
/// clients resume from, and when the grain published it (so latency can be measured end to end).
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Kpis.KpiStreamEvent")]
public sealed record KpiStreamEvent(
    [property: Id(0)] long Id,
    [property: Id(1)] KpiValue Value,
    [property: Id(2)] DateTimeOffset PublishedAt)
{
    private const long CountsPerBucket = 100_000_000;

    /// <summary>
    /// The event id of a value: its bucket start in minutes since the epoch, then its point count. A bucket only
    /// gains points and buckets only move forward, so ids grow with every change, are the same whichever grain
    /// activation or API node computes them, and stay below 2^53 (until the year 2141) so a browser reads them exactly.
    /// </summary>
    public static long IdOf(KpiValue value) =>
        BucketPart(value) + Math.Clamp(value.Count, 0, CountsPerBucket - 1);

    /// <summary>Which bucket an id belongs to: ids of one bucket share it, and it grows with the bucket's start.</summary>
    public static long BucketOf(long id) => id / CountsPerBucket;

    private static long BucketPart(KpiValue value) =>
        value.BucketStart.ToUnixTimeSeconds() / 60 * CountsPerBucket;
}
