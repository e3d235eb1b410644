namespace DashboardFactory.Api.Webhooks;

/// <summary>POST /api/webhooks. <c>kpis</c> makes a KPI sink: one kpi.value event per closed bucket of <c>period</c> (default minute).</summary>
public sealed record CreateWebhookRequest(string? Url, string[]? Events, string[]? Kpis, string? Period);
