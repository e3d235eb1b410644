using DashboardFactory.Kpis;

namespace DashboardFactory.Telemetry;

/// <summary>
/// Counts KPI points as the KPI grain answers them, whoever posted them (REST, the demo feed, GraphQL):
/// the answer already says how many were accepted, duplicates or rejected, so the grain itself stays free of
/// telemetry. Silo-wide; every other call passes through untouched.
/// </summary>
internal sealed class KpiIngestMetricsFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = context.Invoke();
        if (call.IsCompletedSuccessfully)
        {
            Record(context);
            return Task.CompletedTask;
        }

        return AwaitAsync(call, context);
    }

    private static async Task AwaitAsync(Task call, IIncomingGrainCallContext context)
    {
        await call;
        Record(context);
    }

    private static void Record(IIncomingGrainCallContext context)
    {
        if (context.Result is KpiIngestResult result)
        {
            FactoryMetrics.KpiPointsAnswered(result.Accepted, result.Duplicates, result.Rejected);
        }
    }
}
