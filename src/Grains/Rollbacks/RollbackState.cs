using DashboardFactory.Effects;

namespace DashboardFactory.Rollbacks;

[GenerateSerializer, Alias("DashboardFactory.Rollbacks.RollbackState")]
public sealed class RollbackState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string FeatureId { get; set; } = string.Empty;

    [Id(2)] public RollbackMode Mode { get; set; }

    [Id(3)] public string Reason { get; set; } = string.Empty;

    [Id(4)] public string Actor { get; set; } = string.Empty;

    [Id(5)] public Dictionary<string, RollbackTarget> Targets { get; set; } = new(StringComparer.Ordinal);

    [Id(6)] public DateTimeOffset StartedAt { get; set; }

    [Id(7)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(8)] public List<PendingEffect> PendingEffects { get; set; } = [];
}
