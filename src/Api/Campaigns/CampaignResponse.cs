using DashboardFactory.Campaigns;

namespace DashboardFactory.Api.Campaigns;

/// <summary>
/// A rollout campaign (API.md): its counters, the wave it is in (from 1), how long it ran (until now while it runs),
/// why it halted if it did, and the failures keyed by cockpit id.
/// </summary>
public sealed record CampaignResponse(
    string Id,
    string FeatureId,
    string Version,
    string State,
    int Total,
    int Applied,
    int Skipped,
    int Failed,
    int Conflicts,
    int Wave,
    bool Foundational,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long DurationMs,
    string? HaltReason,
    IReadOnlyDictionary<string, string> Failures)
{
    public static CampaignResponse From(CampaignView view, DateTimeOffset now) => new(
        view.Id, view.FeatureId, view.Version, CampaignJson.State(view.Status), view.Total, view.Applied, view.Skipped, view.Failed,
        view.Conflicts, view.Wave + 1, view.Foundational, view.StartedAt, view.FinishedAt,
        (long)((view.FinishedAt ?? now) - view.StartedAt).TotalMilliseconds, view.HaltReason, view.Failures);
}
