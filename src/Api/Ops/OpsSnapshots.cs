namespace DashboardFactory.Api.Ops;

/// <summary>Snapshot retention: <c>retention</c> and <c>trimPeriod</c> as configured (d.hh:mm:ss), the last trim and how many it removed.</summary>
public sealed record OpsSnapshots(string Retention, string TrimPeriod, DateTimeOffset? LastTrimmedAt, long? LastRemoved);
