using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Campaigns;
using DashboardFactory.Users;

namespace DashboardFactory.IntegrationTests.Previews;

/// <summary>
/// A fleet in one fresh cohort where a feature's 1.0.0 is installed everywhere its rollout reached, operators then
/// edited its title on some cockpits, and release 1.1.0 (REVIEWED, a new title) waits for an admin's approval:
/// unedited cockpits merge it cleanly, edited ones conflict on the title, cockpits whose policy stops at SAFE or
/// that turned auto-update off are skipped, and cockpits created after 1.0.0 get a clean first install.
/// </summary>
public sealed class PreviewFleet(IClusterClient client)
{
    public const string NewVersion = "1.1.0";

    private readonly Campaigns.Fleet _fleet = new(client);

    public string FeatureId { get; } = $"feat-{Guid.NewGuid():N}"[..20];

    public IFeatureGrain Feature => client.GetGrain<IFeatureGrain>(FeatureId);

    public string Cohort => _fleet.Cohort;

    public List<string> Clean { get; private set; } = [];

    public List<string> Conflicting { get; private set; } = [];

    public List<string> SafeOnly { get; private set; } = [];

    public List<string> OptedOut { get; private set; } = [];

    public List<string> Newcomers { get; private set; } = [];

    public IEnumerable<string> All => Clean.Concat(Conflicting).Concat(SafeOnly).Concat(OptedOut).Concat(Newcomers);

    public string CampaignId => CampaignIds.For(FeatureId, NewVersion);

    public async Task BuildAsync()
    {
        Clean = await _fleet.CockpitsAsync(5);
        Conflicting = await _fleet.CockpitsAsync(3);
        SafeOnly = await _fleet.CockpitsAsync(4, new AutoUpdatePolicy(true, ChangeType.Safe));
        OptedOut = await _fleet.CockpitsAsync(2, new AutoUpdatePolicy(false, ChangeType.Breaking));

        var author = await UserAsync();
        await Feature.CreateAsync(new NewFeature("Preview widget", "", author));
        await Feature.ProposeReleaseAsync(Release("1.0.0", ChangeType.Safe, "Orders"), new Caller(author, false));
        for (var i = 0; i < 3; i++)
        {
            await Feature.VoteAsync(new Caller(await UserAsync(), false), true);
        }

        var first = await _fleet.FinishedAsync(CampaignIds.For(FeatureId, "1.0.0"));
        first.Applied.Should().Be(12, "1.0.0 reaches every auto-updating cockpit of the cohort: {0}", first);

        foreach (var id in Conflicting)
        {
            await client.GetGrain<ICockpitGrain>(id).PatchAsync(
                "{\"widgets\":{\"" + FeatureId + "\":{\"title\":\"My orders\"}}}", null, new Caller("admin", true));
        }

        Newcomers = await _fleet.CockpitsAsync(3);
        await Feature.ProposeReleaseAsync(Release(NewVersion, ChangeType.Reviewed, "Orders today"), new Caller(author, false));
    }

    public Task<CampaignView> FinishedAsync() => _fleet.FinishedAsync(CampaignId);

    private ReleaseSpec Release(string version, ChangeType change, string title) => new(
        version, change, new WidgetRelease("stat_card", title, 3, 2, "<p>orders</p>\n", "", """{"kpi":"perfect_order"}"""),
        InjectionMode.Smart, null, [], null, null, [Cohort]);

    private async Task<string> UserAsync()
    {
        var id = $"u-{Guid.NewGuid():N}"[..20];
        await client.GetGrain<IUserGrain>(id).CreateAsync(new NewUser(id, UserRole.Optimizer, 100));
        return id;
    }
}
