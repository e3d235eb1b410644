using System.Text.Json.Serialization;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Payload of "kpiValue" (hub and SSE): the API.md fields, plus the event <see cref="Id"/> (the SSE id, below
/// 2^53) and, on pushed values, when the stream grain published it. The answer of SubscribeKpi has no publishedAt.
/// </summary>
public sealed record KpiValueMessage(
    string Code,
    string Period,
    DateTimeOffset BucketStart,
    double Avg,
    double Min,
    double Max,
    long Count,
    double Last,
    long Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PublishedAt)
{
    public static KpiValueMessage From(KpiValue value, DateTimeOffset? publishedAt = null) =>
        new(value.Code, value.Period.ToWire(), value.BucketStart, value.Avg, value.Min, value.Max, value.Count, value.Last,
            KpiStreamEvent.IdOf(value), publishedAt);

    public static KpiValueMessage From(KpiStreamEvent e) => From(e.Value, e.PublishedAt);
}
