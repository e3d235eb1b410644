namespace DashboardFactory.Api.Rollbacks;

/// <summary>The answer to starting a rollback: its id, whose progress is at /api/rollbacks/{rollbackId}.</summary>
public sealed record RollbackStartedResponse(string RollbackId);
