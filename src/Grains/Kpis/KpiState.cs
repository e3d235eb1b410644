namespace DashboardFactory.Kpis;

/// <summary>
/// What a KPI keeps in grain storage: its data-quality counters and staleness. The points and buckets live in
/// the <see cref="IKpiStore"/>, which the grain reloads on activation.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Kpis.KpiState")]
public sealed class KpiState
{
    [Id(0)] public long Accepted { get; set; }

    [Id(1)] public long Duplicates { get; set; }

    [Id(2)] public long Rejected { get; set; }

    [Id(3)] public DateTimeOffset? LastReceivedAt { get; set; }

    /// <summary>A "kpi.stale" alert went out for the current silence (cleared when data arrives again).</summary>
    [Id(4)] public bool StaleAlerted { get; set; }

    public KpiState Copy() => (KpiState)MemberwiseClone();
}
