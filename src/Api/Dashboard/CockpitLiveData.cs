namespace DashboardFactory.Api.Dashboard;

/// <summary>
/// GET /api/cockpits/{id}/widgets/data: everything the page's live widgets show first, in one answer, so opening a
/// cockpit costs one request however many widgets it has. <see cref="Kpis"/> is keyed <c>code:period</c>; a KPI two
/// widgets share appears once. Live values follow on the hub (SubscribeKpi / kpiValue).
/// </summary>
public sealed record CockpitLiveData(
    string CockpitId,
    string Version,
    DateTimeOffset At,
    double StaleAfterSeconds,
    IReadOnlyDictionary<string, LiveWidget> Widgets,
    IReadOnlyDictionary<string, LiveKpiData> Kpis);
