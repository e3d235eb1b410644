namespace DashboardFactory.Kpis;

/// <summary>A KPI's recent history as loaded on activation.</summary>
public sealed record KpiRecent(IReadOnlyList<KpiBucketRow> Minutes, DateTimeOffset? LastReceivedAt);
