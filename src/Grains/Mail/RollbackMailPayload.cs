namespace DashboardFactory.Mail;

/// <summary>What a finished rollback tells its mail job: enough to write every message without asking the rollback again.</summary>
public sealed record RollbackMailPayload(
    string RollbackId,
    string FeatureId,
    string Reason,
    string Mode,
    int Total,
    int Restored,
    int Skipped,
    int Failed,
    DateTimeOffset At,
    IReadOnlyList<string> Cockpits);
