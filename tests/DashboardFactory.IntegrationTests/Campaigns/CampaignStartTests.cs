using System.Collections.Concurrent;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace DashboardFactory.IntegrationTests.Campaigns;

/// <summary>
/// A release's campaign is started once, by the change that lets the release roll out, and by nothing else: not a
/// read that activates the feature, not a later vote or approval. Counted on the silo, call by call, by a grain call
/// filter, on a one-silo cluster of this class's own.
/// </summary>
public sealed class CampaignStartTests(CampaignStartTests.CountingCluster cluster) : IClassFixture<CampaignStartTests.CountingCluster>
{
    private IClusterClient Client => cluster.Cluster.Client;

    [Fact]
    public async Task AReleaseStartsItsCampaignOnceWhateverIsReadVotedOrApprovedAfter()
    {
        var fleet = new Fleet(Client);
        await fleet.CockpitsAsync(3);
        var (feature, campaignId) = await fleet.ApprovedFeatureAsync(foundational: false);
        await fleet.FinishedAsync(campaignId);
        cluster.Starts(campaignId).Should().Be(1, "the vote that approved the feature started the campaign of its release");

        await DeactivateAsync(feature);
        (await feature.GetAsync()).Should().NotBeNull();
        await feature.VoteAsync(new Caller(await OptimizerAsync(), false), true);
        await DeactivateAsync(feature);
        (await feature.HistoryAsync()).Select(h => h.Action).Should().ContainSingle(a => a == "rollout_started");

        cluster.Starts(campaignId).Should().Be(1, "reading the feature after a fresh activation and voting again start nothing");
    }

    [Fact]
    public async Task AnApprovalStartsTheApprovedReleasesCampaignOnce()
    {
        var fleet = new Fleet(Client);
        await fleet.CockpitsAsync(2);
        var (feature, first) = await fleet.ApprovedFeatureAsync(foundational: false);
        var second = CampaignIds.For(feature.GetPrimaryKeyString(), "1.1.0");
        var admin = new Caller("admin", true);
        await feature.ProposeReleaseAsync(
            new ReleaseSpec("1.1.0", ChangeType.Reviewed, new WidgetRelease("kpi", "Rollout", 3, 2, "<p>newer</p>\n", "", "{}"), InjectionMode.Smart, null, [], null, null, [fleet.Cohort]),
            admin);
        cluster.Starts(second).Should().Be(0, "a REVIEWED release waits for an admin's approval");

        await feature.ApproveReleaseAsync("1.1.0", "admin");
        await feature.ApproveReleaseAsync("1.1.0", "admin");
        await DeactivateAsync(feature);
        await feature.GetAsync();

        (cluster.Starts(first), cluster.Starts(second)).Should().Be((1, 1), "each release's campaign started once, the second by its approval");
        (await fleet.FinishedAsync(second)).Status.Should().Be(CampaignStatus.Completed);
    }

    /// <summary>Deactivates the feature grain, so that its next call activates it afresh (and runs its recovery).</summary>
    private async Task DeactivateAsync(IFeatureGrain feature)
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        await management.DeactivateGrain(feature.GetGrainId(), CancellationToken.None);
        var gone = await Eventually.Async<SiloAddress?>(async () => await management.GetActivationAddress(feature), address => address is null, TimeSpan.FromSeconds(30));
        gone.Should().BeNull($"feature {feature.GetPrimaryKeyString()} should have been deactivated");
    }

    private async Task<string> OptimizerAsync()
    {
        var id = $"u-{Guid.NewGuid():N}"[..20];
        await Client.GetGrain<IUserGrain>(id).CreateAsync(new NewUser(id, UserRole.Optimizer, 100));
        return id;
    }

    /// <summary>A one-silo in-memory cluster whose silo counts calls to <see cref="ICampaignGrain.StartAsync"/> per campaign.</summary>
    public sealed class CountingCluster : IAsyncLifetime
    {
        private readonly ConcurrentDictionary<string, int> _starts = new(StringComparer.Ordinal);

        public InProcessTestCluster Cluster { get; private set; } = null!;

        public int Starts(string campaignId) => _starts.GetValueOrDefault(campaignId);

        public async Task InitializeAsync() =>
            Cluster = await TestClusters.StartAsync(silos: 1, postgres: null, silo: silo => silo.AddIncomingGrainCallFilter(context =>
            {
                if (context.InterfaceMethod.DeclaringType == typeof(ICampaignGrain) && context.InterfaceMethod.Name == nameof(ICampaignGrain.StartAsync))
                {
                    _starts.AddOrUpdate(context.TargetId.Key.ToString(), 1, (_, n) => n + 1);
                }

                return context.Invoke();
            }));

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }
}
