using DashboardFactory.Kpis;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>A KPI value as queried (no publishedAt) or as a subscription pushes it.</summary>
public sealed record KpiReading(KpiValue Value, DateTimeOffset? PublishedAt)
{
    public long EventId => KpiStreamEvent.IdOf(Value);
}
