namespace DashboardFactory.Api.Dashboard;

/// <summary>A live widget: its type, the period it shows and the KPIs it watches (keys of <see cref="CockpitLiveData.Kpis"/>).</summary>
public sealed record LiveWidget(string Type, string Period, IReadOnlyList<string> Kpis, bool PerKpi);
