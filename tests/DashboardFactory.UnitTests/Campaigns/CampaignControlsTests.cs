using DashboardFactory.Campaigns;

namespace DashboardFactory.UnitTests.Campaigns;

/// <summary>An admin's pause, resume and cancel as state changes: which statuses they apply to and what they leave.</summary>
public sealed class CampaignControlsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PausingARunningCampaignPausesItAndAuditsWhoDidIt()
    {
        var state = new CampaignState { Exists = true, Status = CampaignStatus.Running };

        CampaignControls.Pause(state, "camp-1", "commander", Now).Should().BeTrue();

        state.Status.Should().Be(CampaignStatus.Paused);
        state.PendingEffects.Should().ContainSingle().Which.Audit!.Action.Should().Be("campaign_paused");
        state.PendingEffects[0].Audit!.Actor.Should().Be("commander");
    }

    [Theory]
    [InlineData(CampaignStatus.Paused)]
    [InlineData(CampaignStatus.Halted)]
    [InlineData(CampaignStatus.Completed)]
    [InlineData(CampaignStatus.Cancelled)]
    public void PausingACampaignThatIsNotRunningChangesNothing(CampaignStatus status)
    {
        var state = new CampaignState { Exists = true, Status = status };

        CampaignControls.Pause(state, "camp-1", "commander", Now).Should().BeFalse();

        state.Status.Should().Be(status);
        state.PendingEffects.Should().BeEmpty();
    }

    [Fact]
    public void ResumingAHaltAcceptsTheWaveThatHaltedItAndClearsTheReason()
    {
        var state = new CampaignState { Exists = true, Status = CampaignStatus.Halted, Wave = 2, HaltReason = "40% failed" };

        CampaignControls.Resume(state, "camp-1", "commander", Now).Should().BeTrue();

        state.Status.Should().Be(CampaignStatus.Running);
        state.AcceptedWave.Should().Be(2, "the same failures must not halt it again at once");
        state.HaltReason.Should().BeNull();
        state.PendingEffects.Should().ContainSingle().Which.Audit!.Action.Should().Be("campaign_resumed");
    }

    [Fact]
    public void ResumingAPauseLeavesTheAcceptedWaveAlone()
    {
        var state = new CampaignState { Exists = true, Status = CampaignStatus.Paused, Wave = 1 };

        CampaignControls.Resume(state, "camp-1", "commander", Now).Should().BeTrue();

        state.Status.Should().Be(CampaignStatus.Running);
        state.AcceptedWave.Should().BeNull();
    }

    [Theory]
    [InlineData(CampaignStatus.Running, false, true)]
    [InlineData(CampaignStatus.Completed, false, false)]
    [InlineData(CampaignStatus.Cancelled, false, false)]
    [InlineData(CampaignStatus.Paused, true, true)]
    [InlineData(CampaignStatus.Halted, true, true)]
    public void ResumeAppliesToPausedAndHaltedCampaignsAndCancelToAnyNotEnded(CampaignStatus status, bool resumes, bool cancels)
    {
        CampaignControls.Resume(new CampaignState { Exists = true, Status = status }, "camp-1", "commander", Now).Should().Be(resumes);
        CampaignControls.MayCancel(new CampaignState { Exists = true, Status = status }).Should().Be(cancels);
    }
}
