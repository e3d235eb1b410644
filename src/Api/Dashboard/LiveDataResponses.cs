using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Dashboard;

/// <summary>A KPI's current bucket as the cockpit page needs it (the fields of GET /api/kpis/{code}).</summary>
public sealed record LiveKpiValue(
    string Code, string Period, DateTimeOffset BucketStart, double Avg, double Min, double Max, long Count, double Last,
    DateTimeOffset UpdatedAt, bool Stale)
{
    public static LiveKpiValue From(KpiValue v) =>
        new(v.Code, v.Period.ToWire(), v.BucketStart.ToUniversalTime(), v.Avg, v.Min, v.Max, v.Count, v.Last, v.UpdatedAt.ToUniversalTime(), v.Stale);
}

/// <summary>One closed or open bucket of a series.</summary>
public sealed record LiveKpiBucket(DateTimeOffset BucketStart, double Avg, double Min, double Max, long Count)
{
    public static LiveKpiBucket From(KpiSeriesPoint p) => new(p.BucketStart.ToUniversalTime(), p.Avg, p.Min, p.Max, p.Count);
}

/// <summary>What one KPI at one period looks like now: the open bucket and the recent ones (oldest first).</summary>
public sealed record LiveKpiData(string Code, string Period, LiveKpiValue? Current, IReadOnlyList<LiveKpiBucket> Series);

/// <summary>A live widget: its type, the period it shows and the KPIs it watches (keys of <see cref="CockpitLiveData.Kpis"/>).</summary>
public sealed record LiveWidget(string Type, string Period, IReadOnlyList<string> Kpis, bool PerKpi);

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
