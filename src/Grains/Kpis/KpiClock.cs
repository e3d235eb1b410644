namespace DashboardFactory.Kpis;

/// <summary>
/// The clock KPI grains read (accept window, bucket closing, staleness). A service of its own rather than the
/// silo's TimeProvider, because Orleans runs its own machinery (activation collection, directory, watchdog) on
/// that TimeProvider: a test moves KPI time with a FakeTimeProvider here without freezing the silo.
/// </summary>
public sealed class KpiClock(TimeProvider time)
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
