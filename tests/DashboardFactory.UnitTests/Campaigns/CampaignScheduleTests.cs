using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using Microsoft.Extensions.Time.Testing;

namespace DashboardFactory.UnitTests.Campaigns;

/// <summary>The campaign's rules of motion (window, waves, backoff, give-up, halt), on a fake clock: no cluster, no waiting.</summary>
public sealed class CampaignScheduleTests
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void ABatchStaysWithinTheBatchSizeAndTheWindowOfUnansweredSends()
    {
        var schedule = Schedule(Targets(10), new CampaignOptions { Window = 5, BatchSize = 3, Waves = [100] }, out _);

        var first = SendAll(schedule, schedule.NextBatch());
        var second = SendAll(schedule, schedule.NextBatch());
        var third = schedule.NextBatch();

        first.Should().Equal("c00", "c01", "c02");
        second.Should().Equal("c03", "c04");
        third.Should().BeEmpty("five sends are unanswered, which fills the window");
        schedule.InFlight.Should().Be(5);
        schedule.Answer("c00", Installed(), Now);
        schedule.NextBatch().Should().Equal(["c05"], "an answer frees one place in the window");
    }

    [Fact]
    public void SendingStopsAtTheEndOfTheCurrentWaveAndTheNextWaveStartsOnceItIsAllSettled()
    {
        var schedule = Schedule(Targets(10), new CampaignOptions { Waves = [10, 50, 100] }, out var state);

        SendAll(schedule, schedule.NextBatch()).Should().Equal(["c00"], "the first wave is 10 % of ten cockpits");
        schedule.NextBatch().Should().BeEmpty("the second wave waits for the first");
        schedule.AdvanceWaves().Should().Be(WaveVerdict.Running);
        state.Wave.Should().Be(0);

        schedule.Answer("c00", Installed(), Now);
        schedule.AdvanceWaves().Should().Be(WaveVerdict.Running);

        state.Wave.Should().Be(1);
        SendAll(schedule, schedule.NextBatch()).Should().Equal("c01", "c02", "c03", "c04");
    }

    [Fact]
    public void EveryWaveHasAtLeastOneCockpit()
    {
        var schedule = Schedule(Targets(3), new CampaignOptions { Waves = [1, 2, 100] }, out _);

        (schedule.WaveEnd(0), schedule.WaveEnd(1), schedule.WaveEnd(2)).Should().Be((1, 1, 3));
    }

    [Fact]
    public void AnUnansweredSendGoesAgainAfterItsBackoffWhichDoublesPerAttempt()
    {
        var schedule = Schedule(Targets(1), new CampaignOptions { AckTimeout = AckTimeout, MaxAttempts = 5 }, out var state);
        SendAll(schedule, schedule.NextBatch());

        _clock.Advance(AckTimeout - TimeSpan.FromMilliseconds(1));
        schedule.ExpireOverdue(Now).Should().BeEmpty("the first attempt waits one ack timeout");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        schedule.ExpireOverdue(Now).Should().Equal([("c00", TargetStatus.Pending)]);
        schedule.NextAttempt("c00").Should().Be(2);
        SendAll(schedule, schedule.NextBatch()).Should().Equal(["c00"], "a retry goes out in the next batch");

        _clock.Advance(2 * AckTimeout - TimeSpan.FromMilliseconds(1));
        schedule.ExpireOverdue(Now).Should().BeEmpty("the second attempt waits twice as long");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        schedule.ExpireOverdue(Now).Should().ContainSingle();
        state.Targets["c00"].Attempts.Should().Be(2);
    }

    [Fact]
    public void TheBackoffStopsGrowingAtSixteenAckTimeouts()
    {
        var schedule = Schedule(Targets(1), new CampaignOptions { AckTimeout = AckTimeout }, out _);

        Enumerable.Range(1, 7).Select(schedule.Backoff).Should().Equal(
            AckTimeout, 2 * AckTimeout, 4 * AckTimeout, 8 * AckTimeout, 16 * AckTimeout, 16 * AckTimeout, 16 * AckTimeout);
    }

    [Fact]
    public void ACockpitThatNeverAnswersFailsAfterTheLastAttempt()
    {
        var schedule = Schedule(Targets(1), new CampaignOptions { AckTimeout = AckTimeout, MaxAttempts = 2 }, out var state);
        SendAll(schedule, schedule.NextBatch());
        _clock.Advance(AckTimeout);
        schedule.ExpireOverdue(Now);
        SendAll(schedule, schedule.NextBatch());

        _clock.Advance(2 * AckTimeout);
        schedule.ExpireOverdue(Now).Should().Equal([("c00", TargetStatus.Failed)]);

        state.Targets["c00"].Reason.Should().Be("No answer after 2 attempts.");
        schedule.InFlight.Should().Be(0);
        schedule.NextBatch().Should().BeEmpty("a failed cockpit is not sent again");
    }

    [Fact]
    public void AnswersSettleTargetsByTheirOutcomeValueNotTheirWording()
    {
        var schedule = Schedule(Targets(5), new CampaignOptions { Waves = [100] }, out var state);
        SendAll(schedule, schedule.NextBatch());

        schedule.Answer("c00", new UpdateResult(UpdateCode.Installed, null, ["$.widgets.f.title"], "1.0.1", "s1"), Now).Should().Be(TargetStatus.Applied);
        schedule.Answer("c01", UpdateResult.Skipped(UpdateCode.AlreadyInstalled, "any words at all", "1.0.1"), Now)
            .Should().Be(TargetStatus.Applied, "having the version means an earlier attempt installed it");
        schedule.Answer("c02", UpdateResult.Skipped(UpdateCode.NewerInstalled, "f 2.0.0 is already installed, sort of", "2.0.1"), Now)
            .Should().Be(TargetStatus.Skipped, "a newer version is a skip, whatever the sentence says");
        schedule.Answer("c03", UpdateResult.Skipped(UpdateCode.PolicyRefuses, "policy", "1.0.0"), Now).Should().Be(TargetStatus.Skipped);
        schedule.Answer("c04", UpdateResult.Skipped(UpdateCode.CockpitMissing, "gone", ""), Now).Should().Be(TargetStatus.Skipped);

        (state.Targets["c00"].Conflicts, state.Targets["c01"].Conflicts).Should().Be((1, 0));
        state.Targets["c02"].Reason.Should().Be("f 2.0.0 is already installed, sort of");
        state.View("k").Should().Match<CampaignView>(v => v.Applied == 2 && v.Skipped == 3 && v.Conflicts == 1);
        schedule.InFlight.Should().Be(0);
    }

    [Fact]
    public void ALateOrRepeatedAnswerChangesNothing()
    {
        var schedule = Schedule(Targets(1), new CampaignOptions(), out var state);
        SendAll(schedule, schedule.NextBatch());
        schedule.Answer("c00", Installed(), Now);

        schedule.Answer("c00", UpdateResult.Failed("boom", "1.0.0"), Now).Should().BeNull();
        schedule.Answer("elsewhere", Installed(), Now).Should().BeNull("not a target");

        state.Targets["c00"].Status.Should().Be(TargetStatus.Applied);
    }

    [Fact]
    public void AFailedAnswerIsTriedAgainSoonerThanATimeoutAndFailsForGoodOnTheLastAttempt()
    {
        var schedule = Schedule(Targets(1), new CampaignOptions { AckTimeout = AckTimeout, MaxAttempts = 2 }, out var state);
        SendAll(schedule, schedule.NextBatch());

        schedule.Answer("c00", UpdateResult.Failed("SQLSTATE 40P01", "1.0.0"), Now).Should().Be(TargetStatus.Sent, "attempts are left");
        _clock.Advance(AckTimeout / 4 - TimeSpan.FromMilliseconds(1));
        schedule.ExpireOverdue(Now).Should().BeEmpty();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        schedule.ExpireOverdue(Now).Should().Equal([("c00", TargetStatus.Pending)], "a failure is due again after a quarter of its backoff");
        SendAll(schedule, schedule.NextBatch());

        schedule.Answer("c00", UpdateResult.Failed("SQLSTATE 40P01 again", "1.0.0"), Now).Should().Be(TargetStatus.Failed);
        state.Targets["c00"].Reason.Should().Be("SQLSTATE 40P01 again");
        state.View("k").Failures.Should().Equal(new Dictionary<string, string> { ["c00"] = "SQLSTATE 40P01 again" });
    }

    [Fact]
    public void ASendTheStreamRefusedGoesFirstInTheNextBatch()
    {
        var schedule = Schedule(Targets(4), new CampaignOptions { BatchSize = 2, Waves = [100] }, out var state);
        var batch = schedule.NextBatch();
        schedule.Sent(batch[0], Now);
        schedule.NotSent(batch[1]);

        schedule.NextBatch().Should().Equal("c01", "c02");
        state.Targets["c01"].Attempts.Should().Be(0, "it never went out");
    }

    [Fact]
    public void AWaveThatFailsTooOftenHaltsUntilAnAdminAcceptsIt()
    {
        var schedule = Schedule(Targets(10), new CampaignOptions { Waves = [50, 100], MaxAttempts = 1, HaltFailureRate = 0.2 }, out var state);
        var wave = SendAll(schedule, schedule.NextBatch());
        foreach (var (cockpitId, i) in wave.Select((id, i) => (id, i)))
        {
            schedule.Answer(cockpitId, i < 2 ? UpdateResult.Failed("disk", "1.0.0") : Installed(), Now);
        }

        schedule.AdvanceWaves().Should().Be(WaveVerdict.Halt($"Wave 1 failed on 2 of 5 cockpits (more than {0.2:P0})."));
        state.Wave.Should().Be(0, "a halted campaign stays at the wave that failed");

        state.AcceptedWave = 0;
        schedule.AdvanceWaves().Should().Be(WaveVerdict.Running, "an admin resumed past this wave");
        state.Wave.Should().Be(1);
    }

    [Fact]
    public void AFailureRateAtTheThresholdDoesNotHalt()
    {
        var schedule = Schedule(Targets(5), new CampaignOptions { Waves = [100], MaxAttempts = 1, HaltFailureRate = 0.2 }, out _);
        foreach (var (cockpitId, i) in SendAll(schedule, schedule.NextBatch()).Select((id, i) => (id, i)))
        {
            schedule.Answer(cockpitId, i == 0 ? UpdateResult.Failed("disk", "1.0.0") : Installed(), Now);
        }

        schedule.AdvanceWaves().Should().Be(WaveVerdict.Completed, "one of five is exactly 20 %, not more");
    }

    [Fact]
    public void TheCampaignCompletesWhenItsLastWaveIsSettledAndAtOnceWithoutTargets()
    {
        var schedule = Schedule(Targets(2), new CampaignOptions { Waves = [50, 100] }, out var state);
        Schedule([], new CampaignOptions(), out _).AdvanceWaves().Should().Be(WaveVerdict.Completed, "nothing to wait for");

        SendAll(schedule, schedule.NextBatch()).Should().Equal(["c00"]);
        schedule.Answer("c00", Installed(), Now);
        schedule.AdvanceWaves().Should().Be(WaveVerdict.Running, "the second wave is still to go");
        SendAll(schedule, schedule.NextBatch()).Should().Equal(["c01"]);
        schedule.Answer("c01", Installed(), Now);

        schedule.AdvanceWaves().Should().Be(WaveVerdict.Completed);
        state.Wave.Should().Be(1);
    }

    [Fact]
    public void AScheduleRebuiltFromSavedStateResumesWhereTheCampaignStood()
    {
        var options = new CampaignOptions { Waves = [100], AckTimeout = AckTimeout };
        var first = Schedule(Targets(4), options, out var state);
        first.Sent("c00", Now);
        first.Sent("c01", Now);
        first.Answer("c00", Installed(), Now);

        var rebuilt = new CampaignSchedule(state, options);

        rebuilt.InFlight.Should().Be(1, "c01 was sent and not answered");
        rebuilt.NextBatch().Should().Equal("c02", "c03");
        _clock.Advance(AckTimeout);
        rebuilt.ExpireOverdue(Now).Should().Equal([("c01", TargetStatus.Pending)], "its backoff runs from the saved send time");
    }

    [Fact]
    public void TheSendOrderIsAStableSpreadOfTheTargets()
    {
        var targets = Enumerable.Range(0, 50).Select(i => $"cockpit-{i:000}").ToList();

        var order = CampaignSchedule.SendOrder(targets);

        order.Should().BeEquivalentTo(targets);
        order.Should().Equal(CampaignSchedule.SendOrder(Enumerable.Reverse(targets)), "the order depends on the ids only");
        order.Take(10).Should().NotEqual(targets.Take(10), "waves sample the fleet, not its alphabetical start");
    }

    private static List<string> Targets(int count) => [.. Enumerable.Range(0, count).Select(i => $"c{i:00}")];

    private static CampaignSchedule Schedule(List<string> order, CampaignOptions options, out CampaignState state)
    {
        state = new CampaignState
        {
            Exists = true,
            Release = new FeatureRelease("f", "1.0.0", ChangeType.Safe, new WidgetRelease("kpi", "F", 2, 2, "", "", "{}"), InjectionMode.Append, null),
            Order = order,
            Targets = order.ToDictionary(id => id, _ => new CampaignTarget(), StringComparer.Ordinal),
        };
        return new CampaignSchedule(state, options);
    }

    private static UpdateResult Installed() => new(UpdateCode.Installed, null, [], "1.0.1", "s1");

    private List<string> SendAll(CampaignSchedule schedule, IReadOnlyList<string> batch)
    {
        foreach (var cockpitId in batch)
        {
            schedule.Sent(cockpitId, Now);
        }

        return [.. batch];
    }
}
