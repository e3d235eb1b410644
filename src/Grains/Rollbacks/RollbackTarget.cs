namespace DashboardFactory.Rollbacks;

[GenerateSerializer, Alias("DashboardFactory.Rollbacks.RollbackTarget")]
public sealed class RollbackTarget
{
    /// <summary>null while to do; then "restored", "skipped" or "failed".</summary>
    [Id(0)] public string? Outcome { get; set; }

    [Id(1)] public int Attempts { get; set; }

    [Id(2)] public string? Reason { get; set; }
}
