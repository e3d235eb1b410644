namespace DashboardFactory.Features;

/// <summary>Approval % = approving XP / XP of all votes cast (0 when nothing was cast).</summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Features.Tally")]
public sealed record Tally(
    [property: Id(0)] double ApprovalPercent,
    [property: Id(1)] int VotesCast,
    [property: Id(2)] long XpCast,
    [property: Id(3)] long XpApproving)
{
    public static Tally Empty { get; } = new(0, 0, 0, 0);
}
