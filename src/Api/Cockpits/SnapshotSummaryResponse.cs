namespace DashboardFactory.Api.Cockpits;

/// <summary>One snapshot of a cockpit's list, newest first.</summary>
public sealed record SnapshotSummaryResponse(string Id, string Version, DateTimeOffset TakenAt, string Reason);
