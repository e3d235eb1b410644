using System.Text.Json;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>
/// Ingesting a batch of points as the API answers it (REST's POST /api/kpis/{code}/points and GraphQL's
/// ingestKpiPoints): the same checks, the same grain call, the same per-point outcomes.
/// </summary>
public static partial class KpiIngestion
{
    /// <summary>Null when the batch has more than Kpis:MaxBatch points (nothing is stored); the code must be valid and <paramref name="batch"/> an array.</summary>
    public static async Task<KpiIngestResult?> IngestAsync(
        string code, JsonElement batch, IGrainFactory grains, KpiOptions options, DateTimeOffset now, ILogger logger)
    {
        if (batch.GetArrayLength() > options.MaxBatch)
        {
            return null;
        }

        var parsed = KpiBatchParser.Parse(batch, now, options)!;
        var rejections = new List<KpiRejection>(parsed.Rejections);
        var accepted = 0;
        var duplicates = 0;
        if (parsed.Points.Count > 0 || parsed.Rejections.Count > 0)
        {
            var result = await grains.GetGrain<IKpiGrain>(code).IngestAsync([.. parsed.Points.Select(p => p.Point)], parsed.Rejections.Count);
            accepted = result.Accepted;
            duplicates = result.Duplicates;
            rejections.AddRange(result.Rejections.Select(r => r with { Index = parsed.Points[r.Index].Index }));
        }

        if (parsed.Rejections.Count > 0)
        {
            // The grain logs what it refuses itself and counts both; these were refused before reaching it.
            LogRejected(logger, code, parsed.Rejections.Count, batch.GetArrayLength(), parsed.Rejections[0].Reason);
        }

        rejections.Sort((a, b) => a.Index.CompareTo(b.Index));
        return new KpiIngestResult(accepted, duplicates, rejections.Count, rejections);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI {Code}: refused {Rejected} of {Total} points at the edge, e.g. {Reason}")]
    private static partial void LogRejected(ILogger logger, string code, int rejected, int total, string reason);
}
