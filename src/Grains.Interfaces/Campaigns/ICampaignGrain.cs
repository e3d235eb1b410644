using DashboardFactory.Cockpits;

namespace DashboardFactory.Campaigns;

/// <summary>
/// One rollout of one feature release (key: <c>{featureId}-v{version}</c>, so a release has one campaign however
/// often it is started): targets, per-cockpit status, waves, counters, brakes.
/// </summary>
[Alias("DashboardFactory.Campaigns.ICampaignGrain")]
public interface ICampaignGrain : IGrainWithStringKey
{
    /// <summary>Picks the targets and starts sending; starting a started campaign returns it unchanged.</summary>
    [Alias("Start")]
    Task<CampaignView> StartAsync(CampaignStart start);

    [Alias("Get")]
    Task<CampaignView?> GetAsync();

    /// <summary>A cockpit's answer to attempt <paramref name="attempt"/>. Late or repeated answers are harmless.</summary>
    [Alias("Ack")]
    Task AckAsync(string cockpitId, int attempt, UpdateResult result);

    [Alias("Pause")]
    Task<CampaignView> PauseAsync(string actor);

    [Alias("Resume")]
    Task<CampaignView> ResumeAsync(string actor);

    [Alias("Cancel")]
    Task<CampaignView> CancelAsync(string actor, string reason);
}
