using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

/// <summary>Laws of the tally over seeded random ballots; a failure names the round to replay.</summary>
public sealed class VoteTallyPropertyTests
{
    private const int Rounds = 500;

    [Fact]
    public void TheTallyDoesNotDependOnTheOrderOfTheVotes()
    {
        var random = new Random(1201);
        for (var round = 0; round < Rounds; round++)
        {
            var votes = RandomBallot(random);

            var shuffled = votes.ToArray();
            random.Shuffle(shuffled);

            VoteTally.Count(shuffled).Should().Be(VoteTally.Count(votes), $"round {round}");
        }
    }

    [Fact]
    public void ReCastingAnIdenticalVoteChangesNothing()
    {
        var random = new Random(1202);
        for (var round = 0; round < Rounds; round++)
        {
            var votes = RandomBallot(random, minimum: 1);
            var expected = VoteTally.Count(votes);

            var again = votes.ToList();
            again.Insert(random.Next(again.Count + 1), votes[random.Next(votes.Count)]);

            VoteTally.Count(again).Should().Be(expected, $"round {round}");
            VoteTally.Count(votes.Concat(votes)).Should().Be(expected, $"round {round}");
        }
    }

    [Fact]
    public void AddingAnApprovingVoteNeverLowersTheApprovalPercent()
    {
        var random = new Random(1203);
        for (var round = 0; round < Rounds; round++)
        {
            var votes = RandomBallot(random);
            var before = VoteTally.Count(votes);

            var newcomer = Votes.At("newcomer", true, RandomXp(random), random.Next(0, 2000));
            var after = VoteTally.Count(votes.Append(newcomer));

            after.ApprovalPercent.Should().BeGreaterThanOrEqualTo(before.ApprovalPercent, $"round {round}");
            after.VotesCast.Should().Be(before.VotesCast + 1, $"round {round}");
        }
    }

    [Fact]
    public void AVoterSwitchingToApprovalNeverLowersTheApprovalPercent()
    {
        var random = new Random(1204);
        for (var round = 0; round < Rounds; round++)
        {
            var votes = RandomBallot(random, minimum: 1);
            var before = VoteTally.Count(votes);

            // Later than anything in the ballot, so it replaces the voter's vote; with no less XP if they already approved.
            var voter = votes[random.Next(votes.Count)].VoterId;
            var current = LatestPerVoter(votes)[voter];
            var xp = current.Approve ? Math.Max(current.Xp, 0) + random.Next(0, 50) : RandomXp(random);
            var after = VoteTally.Count(votes.Append(Votes.At(voter, true, xp, 5000)));

            after.ApprovalPercent.Should().BeGreaterThanOrEqualTo(before.ApprovalPercent, $"round {round}");
            after.VotesCast.Should().Be(before.VotesCast, $"round {round}");
        }
    }

    [Fact]
    public void OnlyEachVotersLatestVoteCounts()
    {
        var random = new Random(1205);
        for (var round = 0; round < Rounds; round++)
        {
            var votes = RandomBallot(random);
            var latest = LatestPerVoter(votes);
            var expected = VoteTally.Count(votes);

            VoteTally.Count(latest.Values).Should().Be(expected, $"round {round}");

            // Rewriting every superseded vote however we like leaves the tally alone.
            var rewritten = votes
                .Select(v => ReferenceEquals(latest[v.VoterId], v) ? v : v with { Approve = random.Next(2) == 0, Xp = RandomXp(random) })
                .ToList();
            VoteTally.Count(rewritten).Should().Be(expected, $"round {round}");

            // And it agrees with a direct reading of the rule.
            var weights = latest.Values.Select(v => (v.Approve, Weight: (long)Math.Max(v.Xp, 0))).ToList();
            expected.VotesCast.Should().Be(latest.Count, $"round {round}");
            expected.XpCast.Should().Be(weights.Sum(w => w.Weight), $"round {round}");
            expected.XpApproving.Should().Be(weights.Where(w => w.Approve).Sum(w => w.Weight), $"round {round}");
            expected.ApprovalPercent.Should().BeInRange(0, 100, $"round {round}");
        }
    }

    [Fact]
    public void StageForIsMonotoneInTheApprovalPercentOnceTheQuorumIsMet()
    {
        var random = new Random(1206);
        var undecided = new[] { FeatureStage.Experimental, FeatureStage.Approved, FeatureStage.Foundational };
        for (var round = 0; round < Rounds; round++)
        {
            var settings = new GovernanceSettings(random.Next(0, 10), RandomPercent(random), RandomPercent(random));
            var cast = settings.Quorum + random.Next(0, 20);
            var (low, high) = (RandomPercent(random), RandomPercent(random));
            if (low > high)
            {
                (low, high) = (high, low);
            }

            var stages = undecided
                .Select(current => (
                    Low: VoteTally.StageFor(current, new Tally(low, cast, 100, 0), settings),
                    High: VoteTally.StageFor(current, new Tally(high, cast, 100, 0), settings)))
                .ToList();

            stages.Should().OnlyContain(s => s.Low <= s.High, $"round {round}: {settings}, {low} % ≤ {high} %");
            // Where a feature stood before does not matter, short of deprecation.
            stages.Distinct().Should().ContainSingle($"round {round}");
        }
    }

    private static List<Vote> RandomBallot(Random random, int minimum = 0)
    {
        var count = random.Next(minimum, 25);
        var voters = random.Next(1, 9);

        // Distinct instants: with equal instants, sequence decides between a voter's votes, so order would matter.
        var seconds = Enumerable.Range(0, 2000).ToArray();
        random.Shuffle(seconds);

        return Enumerable.Range(0, count)
            .Select(i => Votes.At($"v{random.Next(voters)}", random.Next(2) == 0, RandomXp(random), seconds[i]))
            .ToList();
    }

    // Mostly ordinary XP, with zero and negative XP often enough to matter.
    private static int RandomXp(Random random) => random.Next(10) switch
    {
        0 => 0,
        1 => -random.Next(1, 100),
        _ => random.Next(1, 1000),
    };

    private static double RandomPercent(Random random) => random.Next(0, 10_001) / 100.0;

    private static Dictionary<string, Vote> LatestPerVoter(IEnumerable<Vote> votes) =>
        votes.GroupBy(v => v.VoterId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.At)!);
}
