namespace DashboardFactory.Kpis;

/// <summary>The bucket width a KPI is aggregated over. The API spells these "minute", "hour" and "day".</summary>
public enum KpiPeriod
{
    Minute = 0,
    Hour = 1,
    Day = 2,
}
