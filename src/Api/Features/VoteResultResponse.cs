using DashboardFactory.Features;

namespace DashboardFactory.Api.Features;

/// <summary>The answer to a vote: the tally after it and the stage it left the feature in.</summary>
public sealed record VoteResultResponse(double ApprovalPercent, int VotesCast, long XpCast, string Stage)
{
    public static VoteResultResponse From(FeatureView view) =>
        new(view.Tally.ApprovalPercent, view.Tally.VotesCast, view.Tally.XpCast, FeatureJson.Stage(view.Stage));
}
