namespace DashboardFactory.Api.Ops;

public sealed record OpsKpi(string Code, bool Stale, DateTimeOffset? LastPointAt);
