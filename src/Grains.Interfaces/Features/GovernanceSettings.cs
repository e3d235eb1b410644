namespace DashboardFactory.Features;

/// <summary>The thresholds a tally is judged by (configuration "Governance").</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.GovernanceSettings")]
public sealed record GovernanceSettings(
    [property: Id(0)] int Quorum,
    [property: Id(1)] double ApprovedPercent,
    [property: Id(2)] double FoundationalPercent)
{
    public static GovernanceSettings Default { get; } = new(3, 66, 80);
}
