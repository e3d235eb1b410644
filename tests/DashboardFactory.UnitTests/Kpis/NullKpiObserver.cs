using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

/// <summary>An observer that ignores what it gets: the lease table only keeps and hands out references.</summary>
public sealed class NullKpiObserver : IKpiObserver
{
    public Task OnKpiValueAsync(string key, KpiStreamEvent e) => Task.CompletedTask;
}
