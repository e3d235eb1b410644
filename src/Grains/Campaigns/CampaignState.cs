using DashboardFactory.Cockpits;
using DashboardFactory.Effects;

namespace DashboardFactory.Campaigns;

[GenerateSerializer, Alias("DashboardFactory.Campaigns.CampaignState")]
public sealed class CampaignState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public FeatureRelease Release { get; set; } = null!;

    [Id(2)] public List<string> Cohorts { get; set; } = [];

    [Id(3)] public bool Foundational { get; set; }

    [Id(4)] public CampaignStatus Status { get; set; }

    /// <summary>Targets in send order; waves are prefixes of it.</summary>
    [Id(5)] public List<string> Order { get; set; } = [];

    [Id(6)] public Dictionary<string, CampaignTarget> Targets { get; set; } = new(StringComparer.Ordinal);

    [Id(7)] public int Wave { get; set; }

    [Id(8)] public DateTimeOffset StartedAt { get; set; }

    [Id(9)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(10)] public string? HaltReason { get; set; }

    [Id(11)] public List<PendingEffect> PendingEffects { get; set; } = [];

    [Id(12)] public string StartedBy { get; set; } = string.Empty;

    /// <summary>A wave an admin resumed past after it halted: its failure rate no longer halts.</summary>
    [Id(13)] public int? AcceptedWave { get; set; }

    /// <summary>A running campaign of <paramref name="start"/> to <paramref name="targets"/>, in that order, none of them sent yet.</summary>
    public static CampaignState Started(CampaignStart start, List<string> targets, DateTimeOffset now) => new()
    {
        Exists = true,
        Release = start.Release,
        Cohorts = [.. start.Cohorts],
        Foundational = start.Foundational,
        Status = CampaignStatus.Running,
        Order = targets,
        Targets = targets.ToDictionary(t => t, _ => new CampaignTarget(), StringComparer.Ordinal),
        StartedAt = now,
        StartedBy = start.StartedBy,
    };

    /// <summary>The campaign with its counters, and the first 100 failures with their reasons.</summary>
    public CampaignView View(string id)
    {
        int applied = 0, skipped = 0, failed = 0, conflicts = 0;
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cockpitId, target) in Targets)
        {
            switch (target.Status)
            {
                case TargetStatus.Applied: applied++; conflicts += target.Conflicts; break;
                case TargetStatus.Skipped: skipped++; break;
                case TargetStatus.Failed:
                    failed++;
                    if (failures.Count < 100)
                    {
                        failures[cockpitId] = target.Reason ?? "unknown";
                    }

                    break;
            }
        }

        return new CampaignView(id, Release.FeatureId, Release.Version, Status, Order.Count, applied, skipped, failed,
            conflicts, Wave, Foundational, StartedAt, FinishedAt, HaltReason, failures);
    }
}
