using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

/// <summary>The feature changes that record effects: one campaign start per release, and stage moves with their rewards.</summary>
public sealed class FeatureChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AReleaseThatMayRollOutRecordsItsCampaignStartOnceWhateverHappensAfter()
    {
        var state = Feature(FeatureStage.Approved, Releases.Record(Releases.Spec("1.0.0"), null));

        var first = FeatureChanges.RecordRollout("feat", state, Now);
        var again = FeatureChanges.RecordRollout("feat", state, Now.AddMinutes(1));

        first.Should().Be(CampaignIds.For("feat", "1.0.0"));
        again.Should().BeNull("the campaign is recorded already");
        state.Campaigns.Should().Equal(first);
        var launch = state.PendingEffects.Should().ContainSingle(e => e.Campaign != null).Which;
        launch.Campaign!.CampaignId.Should().Be(first);
        launch.Campaign!.Start.Should().BeEquivalentTo(new CampaignStart(
            new FeatureRelease("feat", "1.0.0", ChangeType.Safe, Releases.Widget, InjectionMode.Smart, null), ["ops"], false, "system"));
        launch.Audit!.Action.Should().Be("rollout_started", "the start is audited with the change that made it due");
    }

    [Fact]
    public void NothingIsRecordedWhileNoReleaseMayRollOut()
    {
        var experimental = Feature(FeatureStage.Experimental, Releases.Record(Releases.Spec("1.0.0"), null));
        var unapproved = Feature(FeatureStage.Approved, Releases.Record(Releases.Spec("1.1.0", ChangeType.Reviewed), null));

        FeatureChanges.RecordRollout("feat", experimental, Now).Should().BeNull("an experimental feature rolls out nothing");
        FeatureChanges.RecordRollout("feat", unapproved, Now).Should().BeNull("a REVIEWED release waits for an admin");

        experimental.PendingEffects.Should().BeEmpty();
        unapproved.PendingEffects.Should().BeEmpty();
    }

    [Fact]
    public void EachNewReleaseGetsACampaignOfItsOwnAndAFoundationalFeatureMarksIt()
    {
        var state = Feature(FeatureStage.Foundational, Releases.Record(Releases.Spec("1.0.0"), null));
        FeatureChanges.RecordRollout("feat", state, Now);
        state.Releases.Add(Releases.Record(Releases.Spec("1.0.1"), null));

        var second = FeatureChanges.RecordRollout("feat", state, Now);

        second.Should().Be(CampaignIds.For("feat", "1.0.1"));
        state.Campaigns.Should().HaveCount(2);
        state.PendingEffects.Where(e => e.Campaign != null).Should().OnlyContain(e => e.Campaign!.Start.Foundational);
    }

    [Fact]
    public void ACancelledCampaignIsNeverRecordedAgain()
    {
        var state = Feature(FeatureStage.Approved, Releases.Record(Releases.Spec("1.0.0"), null));
        FeatureChanges.RecordRollout("feat", state, Now);
        state.PendingEffects.Clear();
        state.Stage = FeatureStage.Deprecated;
        FeatureChanges.RecordRollout("feat", state, Now).Should().BeNull("a deprecated feature rolls out nothing");

        state.Stage = FeatureStage.Approved;

        FeatureChanges.RecordRollout("feat", state, Now).Should().BeNull("un-deprecating does not bring the release back through its old campaign");
        state.PendingEffects.Should().BeEmpty();
    }

    [Fact]
    public void AStageMoveIsRecordedOnceAndTheAuthorIsRewardedOncePerMilestone()
    {
        var state = Feature(FeatureStage.Experimental);
        var options = new GovernanceOptions { ApprovedReward = 100, FoundationalReward = 250 };

        FeatureChanges.MoveStage("feat", state, FeatureStage.Approved, "voter", null, options, Now).Should().BeTrue();
        FeatureChanges.MoveStage("feat", state, FeatureStage.Approved, "voter", null, options, Now).Should().BeFalse("it is there already");
        FeatureChanges.MoveStage("feat", state, FeatureStage.Experimental, "voter", null, options, Now);
        FeatureChanges.MoveStage("feat", state, FeatureStage.Foundational, "voter", null, options, Now);

        state.PendingEffects.Where(e => e.Alert != null).Should().HaveCount(3);
        state.PendingEffects.Where(e => e.RewardUserId != null).Select(e => (e.Id, e.RewardUserId, e.RewardXp)).Should().Equal(
            ("feat:reward:approved", "author", 100), ("feat:reward:foundational", "author", 250));
    }

    private static FeatureState Feature(FeatureStage stage, params ReleaseRecord[] releases) => new()
    {
        Exists = true,
        Name = "Feature",
        AuthorId = "author",
        Stage = stage,
        Releases = [.. releases],
        Cohorts = ["ops"],
    };
}
