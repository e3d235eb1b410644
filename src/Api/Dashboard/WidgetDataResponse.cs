using System.Text.Json.Serialization;
using DashboardFactory.Api.Kpis;

namespace DashboardFactory.Api.Dashboard;

/// <summary>
/// GET /api/cockpits/{id}/widgets/{widgetId}/data. A widget bound to a KPI has <c>kpi</c>, <c>period</c>, <c>current</c>
/// (null before the KPI has data) and <c>series</c>; any other has <c>kpi: null</c>, the <c>reason</c> and an empty
/// series. <c>reason</c> and <c>period</c> are left out where they do not apply, as they always were.
/// </summary>
public sealed record WidgetDataResponse(
    [property: JsonPropertyOrder(0)] string CockpitId,
    [property: JsonPropertyOrder(1)] string WidgetId,
    [property: JsonPropertyOrder(2)] string? Type,
    [property: JsonPropertyOrder(3)] string? Title,
    [property: JsonPropertyOrder(4)] string? Kpi,
    [property: JsonPropertyOrder(7)] KpiValueResponse? Current,
    [property: JsonPropertyOrder(8)] IReadOnlyList<KpiBucketResponse> Series,
    [property: JsonPropertyOrder(5), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonPropertyOrder(6), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Period = null);
