namespace DashboardFactory.Campaigns;

/// <summary>
/// Owns the list of campaigns and the rule that foundational rollouts go first. Campaigns report only
/// status changes here, not progress, so it sees a few calls per campaign, not one per cockpit.
/// </summary>
public sealed class CampaignDirectoryGrain(
    [PersistentState("campaignDirectory", ProviderNames.Storage)] IPersistentState<CampaignDirectoryState> directory) : Grain, ICampaignDirectoryGrain
{
    public async Task UpsertAsync(CampaignSummary summary)
    {
        if (directory.State.Campaigns.TryGetValue(summary.Id, out var known) && known == summary)
        {
            return;
        }

        directory.State.Campaigns[summary.Id] = summary;
        await directory.WriteStateAsync();
    }

    public Task<IReadOnlyList<CampaignSummary>> ListAsync(string? featureId) =>
        Task.FromResult<IReadOnlyList<CampaignSummary>>([.. directory.State.Campaigns.Values
            .Where(c => featureId is null || c.FeatureId == featureId)
            .OrderByDescending(c => c.StartedAt)]);

    public Task<bool> MayProceedAsync(string campaignId) =>
        Task.FromResult(
            directory.State.Campaigns.GetValueOrDefault(campaignId)?.Foundational == true
            || !directory.State.Campaigns.Values.Any(c => c.Foundational && c.Status == CampaignStatus.Running));
}
