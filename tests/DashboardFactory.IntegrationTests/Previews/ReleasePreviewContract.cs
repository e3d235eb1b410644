using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Errors;
using DashboardFactory.Features;
using DashboardFactory.Fleet;
using DashboardFactory.Previews;

namespace DashboardFactory.IntegrationTests.Previews;

/// <summary>The release preview against every storage the product supports: it counts what the rollout then does, and changes nothing.</summary>
public abstract class ReleasePreviewContract(Func<IClusterClient> client)
{
    private IClusterClient Client => client();

    [Fact]
    public async Task ThePreviewCountsWhatTheRolloutThenDoesToTheSameFleet()
    {
        var fleet = new PreviewFleet(Client);
        await fleet.BuildAsync();
        var plan = await fleet.Feature.RolloutPlanAsync(PreviewFleet.NewVersion, new Caller("admin", true));

        var preview = await ReleasePreviews.PreviewAsync(Client, plan.Release, plan.Cohorts);

        preview.Targeted.Should().Be(fleet.Clean.Count + fleet.Conflicting.Count + fleet.Newcomers.Count, "{0}", preview);
        preview.Clean.Should().Be(fleet.Clean.Count + fleet.Newcomers.Count);
        preview.Conflicting.Should().Be(fleet.Conflicting.Count);
        preview.Conflicts.Should().Be(fleet.Conflicting.Count, "each edited cockpit conflicts on the title alone");
        preview.Skipped[SkipReasons.Policy].Should().Be(fleet.SafeOnly.Count + fleet.OptedOut.Count);
        preview.Failed.Should().Be(0);
        preview.Total.Should().Be(preview.Clean + preview.Conflicting + preview.Failed + preview.Skipped.Values.Sum());
        preview.Samples.Select(s => s.CockpitId).Should().BeEquivalentTo(fleet.Conflicting);
        preview.Samples.Should().OnlyContain(s => s.Conflicts.Single() == new PreviewConflict(fleet.FeatureId, "title"));

        await fleet.Feature.ApproveReleaseAsync(PreviewFleet.NewVersion, "admin");
        var done = await fleet.FinishedAsync();

        done.Status.Should().Be(CampaignStatus.Completed);
        done.Total.Should().Be(preview.Targeted, "the campaign targets what the preview targeted: {0}", done);
        done.Applied.Should().Be(preview.Clean + preview.Conflicting);
        done.Conflicts.Should().Be(preview.Conflicts);
        (done.Skipped, done.Failed).Should().Be((0, preview.Failed));
        foreach (var id in fleet.SafeOnly.Concat(fleet.OptedOut))
        {
            var installed = (await Client.GetGrain<ICockpitGrain>(id).GetAsync())!.InstalledFeatures.GetValueOrDefault(fleet.FeatureId)?.Version;
            installed.Should().NotBe(PreviewFleet.NewVersion, $"cockpit {id} was previewed as skipped by its policy");
        }
    }

    [Fact]
    public async Task APreviewWritesNothingAnywhere()
    {
        var fleet = new PreviewFleet(Client);
        await fleet.BuildAsync();
        var before = await StateOfAsync(fleet);
        var plan = await fleet.Feature.RolloutPlanAsync(PreviewFleet.NewVersion, new Caller("admin", true));

        var preview = await ReleasePreviews.PreviewAsync(Client, plan.Release, plan.Cohorts);

        preview.Targeted.Should().BeGreaterThan(0);
        (await StateOfAsync(fleet)).Should().BeEquivalentTo(before, "a preview takes no snapshot and changes no document, version or index entry");
        (await Client.GetGrain<ICampaignGrain>(fleet.CampaignId).GetAsync()).Should().BeNull("a preview starts no campaign");
    }

    [Fact]
    public async Task OnlyAnAdminOrTheAuthorGetsAReleasesPlan()
    {
        var feature = Client.GetGrain<IFeatureGrain>($"feat-{Guid.NewGuid():N}"[..20]);
        await feature.CreateAsync(new NewFeature("Planned", "", "u-author"));
        await feature.UpdateAsync(new FeatureChange(false, null, ["ops", "night"]), "admin");
        await feature.ProposeReleaseAsync(
            new ReleaseSpec("1.0.0", ChangeType.Reviewed, new WidgetRelease("html", "t", 2, 2, "", "", "{}"), InjectionMode.Append, null, [], null, null, []),
            new Caller("u-author", false));

        var byAuthor = await feature.RolloutPlanAsync("1.0.0", new Caller("u-author", false));
        var byStranger = () => feature.RolloutPlanAsync("1.0.0", new Caller("someone-else", false));
        var unknown = () => feature.RolloutPlanAsync("9.9.9", new Caller("admin", true));

        byAuthor.Cohorts.Should().Equal(["ops", "night"], "a release naming no cohorts targets the feature's");
        byAuthor.Release.ChangeType.Should().Be(ChangeType.Reviewed);
        (await byStranger.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.Forbidden);
        (await unknown.Should().ThrowAsync<DomainException>()).Which.Kind.Should().Be(DomainErrorKind.NotFound);
    }

    private async Task<List<object>> StateOfAsync(PreviewFleet fleet)
    {
        var cockpits = await Task.WhenAll(fleet.All.Select(async id =>
        {
            var grain = Client.GetGrain<ICockpitGrain>(id);
            var view = (await grain.GetAsync())!;
            return (object)new { id, view.ETag, view.Version, view.DocumentJson, Snapshots = (await grain.ListSnapshotsAsync()).Count };
        }));
        var index = await Task.WhenAll(Enumerable.Range(0, FleetIndex.ShardCount)
            .Select(s => Client.GetGrain<IFleetIndexShardGrain>(s).QueryAsync(new FleetFilter(null, fleet.Cohort, null, int.MaxValue))));
        return [.. cockpits, .. index.SelectMany(e => e).OrderBy(e => e.CockpitId, StringComparer.Ordinal)];
    }
}
