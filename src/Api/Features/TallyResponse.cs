using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>A feature's votes: the share of XP approving, how many voted and how much XP they cast.</summary>
public sealed record TallyResponse(double ApprovalPercent, int VotesCast, long XpCast)
{
    public static TallyResponse From(Tally tally) => new(tally.ApprovalPercent, tally.VotesCast, tally.XpCast);
}
