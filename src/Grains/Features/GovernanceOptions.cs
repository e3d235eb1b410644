namespace DashboardFactory.Features;

/// <summary>The "Governance" section: vote thresholds, quorum and the author's XP rewards.</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Governance";

    public int Quorum { get; set; } = 3;

    public double ApprovedPercent { get; set; } = 66;

    public double FoundationalPercent { get; set; } = 80;

    /// <summary>XP the author gains when the feature first becomes approved.</summary>
    public int ApprovedReward { get; set; } = 100;

    /// <summary>XP the author gains when the feature first becomes foundational.</summary>
    public int FoundationalReward { get; set; } = 250;

    public GovernanceSettings Settings => new(Quorum, ApprovedPercent, FoundationalPercent);
}
