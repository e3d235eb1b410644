using System.Text.Json.Nodes;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>The wire forms of KPIs (API.md): periods in lowercase, timestamps ISO 8601 UTC.</summary>
public static class KpiJson
{
    public static JsonObject Value(KpiValue value) => new()
    {
        ["code"] = value.Code,
        ["period"] = value.Period.ToWire(),
        ["bucketStart"] = value.BucketStart.ToUniversalTime(),
        ["avg"] = value.Avg,
        ["min"] = value.Min,
        ["max"] = value.Max,
        ["count"] = value.Count,
        ["last"] = value.Last,
        ["updatedAt"] = value.UpdatedAt.ToUniversalTime(),
        ["stale"] = value.Stale,
    };

    public static JsonArray Series(IEnumerable<KpiSeriesPoint> series) => new([.. series.Select(p => (JsonNode)new JsonObject
    {
        ["bucketStart"] = p.BucketStart.ToUniversalTime(),
        ["avg"] = p.Avg,
        ["min"] = p.Min,
        ["max"] = p.Max,
        ["count"] = p.Count,
    })]);

    public static JsonObject Ingested(KpiIngestResult result) => new()
    {
        ["accepted"] = result.Accepted,
        ["duplicates"] = result.Duplicates,
        ["rejected"] = result.Rejected,
        ["rejections"] = new JsonArray([.. result.Rejections.Select(r => (JsonNode)new JsonObject
        {
            ["index"] = r.Index,
            ["id"] = r.PointId,
            ["reason"] = r.Reason,
        })]),
    };
}
