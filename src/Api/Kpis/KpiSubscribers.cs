namespace DashboardFactory.Api.Kpis;

/// <summary>Answer of GET /api/kpis/{code}/subscribers.</summary>
public sealed record KpiSubscribers(int Minute, int Hour, int Day, bool Publishing);
