using DashboardFactory.Cockpits;
using DashboardFactory.Rollbacks;

namespace DashboardFactory.UnitTests.Rollbacks;

public sealed class RollbackTargetsTests
{
    [Fact]
    public void ACockpitCountsAsRestoredWhenItChangedOrNoLongerHasTheFeatureWhateverTheWording()
    {
        RollbackTargets.OutcomeOf(new UpdateResult(UpdateCode.Removed, null, [], "1.0.2", "s1")).Should().Be(RollbackTargets.Restored);
        RollbackTargets.OutcomeOf(new UpdateResult(UpdateCode.Restored, "restored s0", [], "1.0.0", "s1")).Should().Be(RollbackTargets.Restored);
        RollbackTargets.OutcomeOf(UpdateResult.Skipped(UpdateCode.NotInstalled, "reworded: nothing to take off", "1.0.2"))
            .Should().Be(RollbackTargets.Restored, "an earlier attempt took it off and its record was lost");
        RollbackTargets.OutcomeOf(UpdateResult.Skipped(UpdateCode.CockpitMissing, "f is not installed.", ""))
            .Should().Be(RollbackTargets.Skipped, "the words of the reason decide nothing");
    }

    [Fact]
    public void AFailedCallIsTriedAgainUntilTheLastAttemptFailsTheTarget()
    {
        var target = new RollbackTarget();

        RollbackTargets.Attempted(target, null, "timeout", maxAttempts: 2);
        target.Outcome.Should().BeNull("one attempt is left");
        RollbackTargets.Attempted(target, null, "timeout again", maxAttempts: 2);

        (target.Outcome, target.Attempts, target.Reason).Should().Be((RollbackTargets.Failed, 2, "timeout again"));
    }

    [Fact]
    public void ABatchTakesOnlyCockpitsStillToRevertUpToTheConcurrency()
    {
        var state = new RollbackState
        {
            Targets = new(StringComparer.Ordinal)
            {
                ["a"] = new RollbackTarget { Outcome = RollbackTargets.Restored },
                ["b"] = new RollbackTarget(),
                ["c"] = new RollbackTarget { Attempts = 1 },
                ["d"] = new RollbackTarget(),
            },
        };

        RollbackTargets.NextBatch(state, 2).Should().Equal("b", "c");
    }
}
