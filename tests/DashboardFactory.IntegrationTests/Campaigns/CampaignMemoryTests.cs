using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Campaigns;

[Collection(MemoryClusterCollection.Name)]
public sealed class CampaignMemoryTests(MemoryClusterFixture fixture)
{
    private IClusterClient Client => fixture.Client;

    [Fact]
    public async Task AnApprovedReleaseRollsOutByItselfToEveryEligibleCockpit()
    {
        var fleet = new Fleet(Client);
        var eligible = await fleet.CockpitsAsync(40);
        var optedOut = await fleet.CockpitsAsync(3, new AutoUpdatePolicy(false, ChangeType.Breaking));
        var otherCohort = await fleet.CockpitsAsync(3, cohort: "elsewhere-" + fleet.Cohort);

        var (feature, campaignId) = await fleet.ApprovedFeatureAsync();
        var done = await fleet.FinishedAsync(campaignId);

        done.Status.Should().Be(CampaignStatus.Completed);
        done.Total.Should().Be(eligible.Count, "only auto-updating cockpits in the release's cohort are targets");
        done.Applied.Should().Be(eligible.Count);
        (done.Skipped, done.Failed, done.Conflicts).Should().Be((0, 0, 0));
        (await feature.GetAsync())!.Campaigns.Should().Contain(campaignId);
        foreach (var id in eligible)
        {
            var view = (await Client.GetGrain<ICockpitGrain>(id).GetAsync())!;
            view.InstalledFeatures.Should().ContainKey(feature.GetPrimaryKeyString(), $"cockpit {id} is a target");
            view.Version.Should().Be("1.0.1");
            (await Client.GetGrain<ICockpitGrain>(id).ListSnapshotsAsync()).Should().ContainSingle($"cockpit {id} was updated once");
        }

        foreach (var id in optedOut.Concat(otherCohort))
        {
            (await Client.GetGrain<ICockpitGrain>(id).GetAsync())!.InstalledFeatures.Should().BeEmpty($"cockpit {id} is not a target");
        }

        var again = await Client.GetGrain<ICampaignGrain>(campaignId).StartAsync(new CampaignStart(
            (await feature.PropagatableAsync())!, [fleet.Cohort], false, "test"));
        again.Should().BeEquivalentTo(done, "a release has one campaign; starting it again changes nothing");
    }

    [Fact]
    public async Task ABreakingReleaseReachesOnlyCockpitsWhosePolicyAllowsIt()
    {
        var fleet = new Fleet(Client);
        var allowing = await fleet.CockpitsAsync(5, new AutoUpdatePolicy(true, ChangeType.Breaking));
        await fleet.CockpitsAsync(5, new AutoUpdatePolicy(true, ChangeType.Reviewed));

        var (_, campaignId) = await fleet.ApprovedFeatureAsync(ChangeType.Breaking, "2.0.0");
        var done = await fleet.FinishedAsync(campaignId);

        done.Total.Should().Be(allowing.Count);
        done.Applied.Should().Be(allowing.Count);
    }

    [Fact]
    public async Task ACampaignCanBePausedResumedAndCancelled()
    {
        var fleet = new Fleet(Client);
        await fleet.CockpitsAsync(10);

        // A running foundational campaign holds every other one where it is, so the states below are the only possible ones.
        var directory = Client.GetGrain<ICampaignDirectoryGrain>("default");
        var hold = new CampaignSummary($"hold-{Guid.NewGuid():N}", "hold", "1.0.0", true, CampaignStatus.Running, DateTimeOffset.UtcNow);
        await directory.UpsertAsync(hold);
        IFeatureGrain feature;
        string campaignId;
        ICampaignGrain campaign;
        try
        {
            (feature, campaignId) = await fleet.ApprovedFeatureAsync(foundational: false);
            campaign = Client.GetGrain<ICampaignGrain>(campaignId);

            (await campaign.PauseAsync("admin")).Status.Should().Be(CampaignStatus.Paused);
            (await campaign.ResumeAsync("admin")).Status.Should().Be(CampaignStatus.Running);
            (await campaign.GetAsync())!.Applied.Should().Be(0, "the foundational campaign still holds it back");
        }
        finally
        {
            await directory.UpsertAsync(hold with { Status = CampaignStatus.Completed });
        }

        var done = await fleet.FinishedAsync(campaignId);
        done.Applied.Should().Be(10);
        (await campaign.CancelAsync("admin", "too late")).Status.Should().Be(CampaignStatus.Completed, "a completed campaign stays completed");
        var history = await feature.HistoryAsync();
        history.Select(h => h.Action).Should().Contain("rollout_started");
    }

    [Fact]
    public async Task DeprecatingAFeatureCancelsItsRunningCampaignForGood()
    {
        var fleet = new Fleet(Client);
        await fleet.CockpitsAsync(5);
        var (feature, campaignId) = await fleet.ApprovedFeatureAsync();
        var campaign = Client.GetGrain<ICampaignGrain>(campaignId);
        await campaign.PauseAsync("admin");

        await feature.DeprecateAsync("bad widget", "admin");
        await feature.UndeprecateAsync("admin");

        (await campaign.GetAsync())!.Status.Should().Be(CampaignStatus.Cancelled, "an old campaign never brings a rolled-back feature back");
    }

    [Fact]
    public async Task FoundationalCampaignsAreServedBeforeOthers()
    {
        var fleet = new Fleet(Client);
        var cockpits = await fleet.CockpitsAsync(300);

        var (_, foundationalId) = await fleet.ApprovedFeatureAsync(foundational: true);
        var (approved, otherId) = await fleet.ApprovedFeatureAsync(foundational: false);

        (await approved.GetAsync())!.Stage.Should().Be(DashboardFactory.Features.FeatureStage.Approved);
        var first = await fleet.FinishedAsync(foundationalId);
        var second = await fleet.FinishedAsync(otherId);
        first.Foundational.Should().BeTrue();
        second.Foundational.Should().BeFalse();
        (first.Applied, second.Applied).Should().Be((300, 300));
        second.FinishedAt.Should().BeOnOrAfter(first.FinishedAt!.Value, "the other campaign waits while a foundational one runs");
        foreach (var id in cockpits)
        {
            var installed = (await Client.GetGrain<ICockpitGrain>(id).GetAsync())!.InstalledFeatures[approved.GetPrimaryKeyString()].InstalledAt;
            installed.Should().BeOnOrAfter(first.FinishedAt.Value, $"cockpit {id} got the ordinary release only after the foundational campaign finished");
        }
    }
}
