namespace DashboardFactory.Api.Kpis;

/// <summary>GET /api/kpis: the KPI codes that have data, in ordinal order.</summary>
public sealed record KpiCodes(IReadOnlyList<string> Items);
