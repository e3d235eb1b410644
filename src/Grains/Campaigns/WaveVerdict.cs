namespace DashboardFactory.Campaigns;

/// <summary>What the campaign comes to once its settled waves are behind it: running on, halted (and why), or completed.</summary>
public sealed record WaveVerdict(CampaignStatus Status, string? HaltReason)
{
    public static WaveVerdict Running { get; } = new(CampaignStatus.Running, null);

    public static WaveVerdict Completed { get; } = new(CampaignStatus.Completed, null);

    public static WaveVerdict Halt(string reason) => new(CampaignStatus.Halted, reason);
}
