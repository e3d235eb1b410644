namespace DashboardFactory.Campaigns;

/// <summary>Where one cockpit stands in a campaign.</summary>
[GenerateSerializer, Alias("DashboardFactory.Campaigns.CampaignTarget")]
public sealed class CampaignTarget
{
    [Id(0)] public TargetStatus Status { get; set; }

    [Id(1)] public int Attempts { get; set; }

    [Id(2)] public DateTimeOffset? SentAt { get; set; }

    [Id(3)] public string? Reason { get; set; }

    [Id(4)] public int Conflicts { get; set; }

    public bool IsFinal => Status is TargetStatus.Applied or TargetStatus.Skipped or TargetStatus.Failed;
}
