using DashboardFactory.Previews;

namespace DashboardFactory.Api.Previews;

/// <summary>
/// GET /api/features/{id}/releases/{version}/preview. <c>total</c> = <c>clean</c> + <c>conflicting</c> + <c>failed</c> + the
/// <c>skipped</c> counts; <c>targeted</c> is what the campaign's <c>total</c> would be.
/// </summary>
public sealed record ReleasePreviewResponse(
    string FeatureId,
    string Version,
    string ChangeType,
    IReadOnlyList<string> Cohorts,
    int Total,
    int Targeted,
    int Clean,
    int Conflicting,
    int Conflicts,
    int Failed,
    IReadOnlyDictionary<string, int> Skipped,
    IReadOnlyList<PreviewSample> Samples,
    long DurationMs);
