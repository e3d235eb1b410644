using DashboardFactory.Rollbacks;

namespace DashboardFactory.Api.Rollbacks;

/// <summary>A mass rollback's progress (API.md): state is running or completed; failures are keyed by cockpit id.</summary>
public sealed record RollbackResponse(
    string Id,
    string FeatureId,
    string Mode,
    string Reason,
    string State,
    int Total,
    int Restored,
    int Skipped,
    int Failed,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long DurationMs,
    IReadOnlyDictionary<string, string> Failures)
{
    public static RollbackResponse From(RollbackView view, DateTimeOffset now) => new(
        view.Id, view.FeatureId, view.Mode.ToString().ToLowerInvariant(), view.Reason, view.Completed ? "completed" : "running",
        view.Total, view.Restored, view.Skipped, view.Failed, view.StartedAt, view.FinishedAt,
        (long)((view.FinishedAt ?? now) - view.StartedAt).TotalMilliseconds, view.Failures);
}
