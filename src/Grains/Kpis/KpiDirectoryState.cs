namespace DashboardFactory.Kpis;

[GenerateSerializer, Alias("DashboardFactory.Kpis.KpiDirectoryState")]
public sealed class KpiDirectoryState
{
    [Id(0)] public SortedSet<string> Codes { get; set; } = new(StringComparer.Ordinal);
}
