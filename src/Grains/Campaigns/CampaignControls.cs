namespace DashboardFactory.Campaigns;

/// <summary>
/// What an admin's pause and resume do to a campaign's state: which statuses they apply to, what they reset, and the
/// audit they leave (<see cref="CampaignEffects"/>). Plain state changes; the grain saves and carries them out.
/// </summary>
public static class CampaignControls
{
    /// <summary>A running campaign stops sending until resumed; true when the state changed.</summary>
    public static bool Pause(CampaignState state, string campaignId, string actor, DateTimeOffset now)
    {
        if (state.Status != CampaignStatus.Running)
        {
            return false;
        }

        state.Status = CampaignStatus.Paused;
        state.PendingEffects.Add(CampaignEffects.Paused(campaignId, actor, now));
        return true;
    }

    /// <summary>
    /// A paused or halted campaign runs again; resuming a halt accepts the failures of the wave that halted it, so the
    /// same failure rate does not halt it again at once. True when the state changed.
    /// </summary>
    public static bool Resume(CampaignState state, string campaignId, string actor, DateTimeOffset now)
    {
        if (state.Status is not (CampaignStatus.Paused or CampaignStatus.Halted))
        {
            return false;
        }

        if (state.Status == CampaignStatus.Halted)
        {
            state.AcceptedWave = state.Wave;
        }

        state.Status = CampaignStatus.Running;
        state.HaltReason = null;
        state.PendingEffects.Add(CampaignEffects.Resumed(campaignId, actor, now));
        return true;
    }

    /// <summary>Whether a cancel applies: a campaign that has not ended yet.</summary>
    public static bool MayCancel(CampaignState state) =>
        state.Status is CampaignStatus.Running or CampaignStatus.Paused or CampaignStatus.Halted;
}
