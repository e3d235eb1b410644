using DashboardFactory.Kpis;

namespace DashboardFactory.Api.GraphQL.Graph;

public sealed class KpiPeriodGraphType : LowerCaseEnumGraphType<KpiPeriod>
{
    public KpiPeriodGraphType()
    {
        Name = "KpiPeriod";
        Description = "Bucket width of a KPI value: minute, hour or day.";
    }
}
