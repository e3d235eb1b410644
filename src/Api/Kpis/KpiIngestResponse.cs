using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>The answer to POST /api/kpis/{code}/points: counts, and each refused point with its reason.</summary>
public sealed record KpiIngestResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<KpiRejectionResponse> Rejections)
{
    public static KpiIngestResponse From(KpiIngestResult result) => new(
        result.Accepted, result.Duplicates, result.Rejected, [.. result.Rejections.Select(r => new KpiRejectionResponse(r.Index, r.PointId, r.Reason))]);
}
