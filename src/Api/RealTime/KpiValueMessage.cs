using System.Text.Json.Serialization;
using DashboardFactory.Kpis;
using MessagePack;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Payload of "kpiValue" (hub and SSE): the API.md fields, plus the event <see cref="Id"/> (the SSE id, below
/// 2^53) and, on pushed values, when the stream grain published it. The answer of SubscribeKpi has no publishedAt.
/// The keys are the JSON names on the MessagePack protocol too.
/// </summary>
[MessagePackObject]
public sealed record KpiValueMessage(
    [property: Key("code")] string Code,
    [property: Key("period")] string Period,
    [property: Key("bucketStart")] DateTimeOffset BucketStart,
    [property: Key("avg")] double Avg,
    [property: Key("min")] double Min,
    [property: Key("max")] double Max,
    [property: Key("count")] long Count,
    [property: Key("last")] double Last,
    [property: Key("id")] long Id,
    [property: Key("publishedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PublishedAt)
{
    public static KpiValueMessage From(KpiValue value, DateTimeOffset? publishedAt = null) =>
        new(value.Code, value.Period.ToWire(), value.BucketStart, value.Avg, value.Min, value.Max, value.Count, value.Last,
            KpiStreamEvent.IdOf(value), publishedAt);

    public static KpiValueMessage From(KpiStreamEvent e) => From(e.Value, e.PublishedAt);
}
