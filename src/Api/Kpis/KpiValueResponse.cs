using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>A KPI's current bucket (GET /api/kpis/{code}): period in lower case, timestamps ISO 8601 UTC.</summary>
public sealed record KpiValueResponse(
    string Code, string Period, DateTimeOffset BucketStart, double Avg, double Min, double Max, long Count, double Last,
    DateTimeOffset UpdatedAt, bool Stale)
{
    public static KpiValueResponse From(KpiValue value) => new(
        value.Code, value.Period.ToWire(), value.BucketStart.ToUniversalTime(), value.Avg, value.Min, value.Max, value.Count, value.Last,
        value.UpdatedAt.ToUniversalTime(), value.Stale);
}
