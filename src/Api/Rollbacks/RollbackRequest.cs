namespace DashboardFactory.Api.Rollbacks;

/// <summary>Body of POST /api/features/{id}/rollback: why, and how (revert, the default, or snapshot).</summary>
public sealed record RollbackRequest(string? Reason, string? Mode);
