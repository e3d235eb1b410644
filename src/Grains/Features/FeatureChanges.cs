using DashboardFactory.Campaigns;

namespace DashboardFactory.Features;

/// <summary>
/// Changes to a feature's state that record effects with them, as plain functions: a stage move (with its event,
/// alert and the author's rewards) and the campaign of a release that may now roll out. The grain saves the state
/// and carries the effects out after.
/// </summary>
public static class FeatureChanges
{
    /// <summary>Moves the stage and records what the move causes; false (and nothing recorded) when the stage is already <paramref name="to"/>.</summary>
    public static bool MoveStage(string featureId, FeatureState state, FeatureStage to, string actor, string? reason, GovernanceOptions options, DateTimeOffset now)
    {
        var from = state.Stage;
        if (from == to)
        {
            return false;
        }

        state.Stage = to;
        state.PendingEffects.Add(FeatureEffects.StageChanged(featureId, state.Name, from, to, state.CurrentTally(), actor, reason, now));

        // The author is rewarded once per transition, however often the tally crosses the line again.
        if (to is FeatureStage.Approved or FeatureStage.Foundational && !state.RewardedApproved)
        {
            state.RewardedApproved = true;
            state.PendingEffects.Add(FeatureEffects.Reward(featureId, "approved", state.AuthorId, options.ApprovedReward));
        }

        if (to == FeatureStage.Foundational && !state.RewardedFoundational)
        {
            state.RewardedFoundational = true;
            state.PendingEffects.Add(FeatureEffects.Reward(featureId, "foundational", state.AuthorId, options.FoundationalReward));
        }

        return true;
    }

    /// <summary>
    /// A release that may propagate rolls out by itself, through one campaign per release: the change that lets it
    /// through records the campaign and its start, to be carried out once that change is saved. A recorded campaign is
    /// never recorded again, so a cancelled one stays cancelled: a rolled-back feature never returns through an old
    /// campaign. Returns the campaign recorded now, or null.
    /// </summary>
    public static string? RecordRollout(string featureId, FeatureState state, DateTimeOffset now)
    {
        if (FeatureReleases.LatestPropagatable(featureId, state) is not { } plan || state.Campaigns.Contains(CampaignIds.For(plan.Release)))
        {
            return null;
        }

        var campaignId = CampaignIds.For(plan.Release);
        state.Campaigns.Add(campaignId);
        var start = new CampaignStart(plan.Release, plan.Cohorts, Foundational: state.Stage == FeatureStage.Foundational, StartedBy: "system");
        state.PendingEffects.Add(FeatureEffects.RolloutStarted(featureId, campaignId, start, now));
        return campaignId;
    }
}
