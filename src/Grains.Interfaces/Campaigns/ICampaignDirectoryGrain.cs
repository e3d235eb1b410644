namespace DashboardFactory.Campaigns;

/// <summary>Every campaign (key "default"): lists them, and holds other campaigns back while a foundational one runs.</summary>
[Alias("DashboardFactory.Campaigns.ICampaignDirectoryGrain")]
public interface ICampaignDirectoryGrain : IGrainWithStringKey
{
    [Alias("Upsert")]
    Task UpsertAsync(CampaignSummary summary);

    [Alias("List")]
    Task<IReadOnlyList<CampaignSummary>> ListAsync(string? featureId);

    /// <summary>False for a non-foundational campaign while any foundational campaign is running.</summary>
    [Alias("MayProceed")]
    Task<bool> MayProceedAsync(string campaignId);
}
