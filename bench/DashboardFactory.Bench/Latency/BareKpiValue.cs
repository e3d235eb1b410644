using MessagePack;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// What the bare hub sends: the fields, names and types of the product's "kpiValue" (KpiValueMessage), on both
/// protocols, so the two servers write payloads of the same size and shape.
/// </summary>
[MessagePackObject]
public sealed record BareKpiValue(
    [property: Key("code")] string Code,
    [property: Key("period")] string Period,
    [property: Key("bucketStart")] DateTimeOffset BucketStart,
    [property: Key("avg")] double Avg,
    [property: Key("min")] double Min,
    [property: Key("max")] double Max,
    [property: Key("count")] long Count,
    [property: Key("last")] double Last,
    [property: Key("id")] long Id,
    [property: Key("publishedAt")] DateTimeOffset PublishedAt);
