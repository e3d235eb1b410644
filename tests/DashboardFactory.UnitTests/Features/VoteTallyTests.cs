using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

public sealed class VoteTallyTests
{
    private static readonly GovernanceSettings Settings = GovernanceSettings.Default; // quorum 3, 66 %, 80 %

    [Theory]
    [InlineData("", 0, 0, 0, 0)]
    [InlineData("a+100@1", 100, 1, 100, 100)]
    [InlineData("a-100@1", 0, 1, 100, 0)]
    [InlineData("a+2@1 b+1@1 c-1@1", 75, 3, 4, 3)]
    [InlineData("a+2@1 c-1@1", 66.67, 2, 3, 2)]
    [InlineData("a+1@1 c-2@1", 33.33, 2, 3, 1)]
    [InlineData("a+6600@1 b-3400@1", 66, 2, 10000, 6600)]
    [InlineData("a+6599@1 b-3401@1", 65.99, 2, 10000, 6599)]
    [InlineData("a+13199@1 b-6801@1", 66, 2, 20000, 13199)] // 65.995 rounds half away from zero
    [InlineData("a+13197@1 b-6803@1", 65.99, 2, 20000, 13197)] // 65.985
    public void ApprovalIsTheApprovingShareOfTheXpCastRoundedToTwoDecimals(
        string votes, double percent, int cast, long xpCast, long xpApproving) =>
        VoteTally.Count(Votes.Parse(votes)).Should().Be(new Tally(percent, cast, xpCast, xpApproving));

    [Theory]
    [InlineData("a+0@1 b+0@1", 0, 2, 0, 0)]
    [InlineData("a+0@1 b-10@1", 0, 2, 10, 0)]
    [InlineData("a+10@1 b-0@1", 100, 2, 10, 10)]
    [InlineData("a+-50@1 b-10@1", 0, 2, 10, 0)]
    [InlineData("a+50@1 b--10@1", 100, 2, 50, 50)]
    public void ZeroAndNegativeXpVotesAreCountedButWeighNothing(
        string votes, double percent, int cast, long xpCast, long xpApproving) =>
        VoteTally.Count(Votes.Parse(votes)).Should().Be(new Tally(percent, cast, xpCast, xpApproving));

    [Theory]
    [InlineData("a+100@1 a-100@2", 0, 1, 100, 0)]
    [InlineData("a-100@2 a+100@1", 0, 1, 100, 0)] // the latest time wins, not the latest in sequence
    [InlineData("a+100@1 a-100@1", 0, 1, 100, 0)] // same time: the later in sequence wins
    [InlineData("a-100@1 a+100@1", 100, 1, 100, 100)]
    [InlineData("a+10@1 b-10@1 a+30@5", 75, 2, 40, 30)] // the re-vote's own XP counts, not the first vote's
    [InlineData("a+10@1 b-10@2 a-10@3 b+10@4 a+10@5", 100, 2, 20, 20)]
    public void AReVoteReplacesTheVotersEarlierVote(string votes, double percent, int cast, long xpCast, long xpApproving) =>
        VoteTally.Count(Votes.Parse(votes)).Should().Be(new Tally(percent, cast, xpCast, xpApproving));

    [Fact]
    public void TheLatestVoteIsJudgedByInstantNotByWallClockDigits()
    {
        var early = new Vote("a", true, 10, new DateTimeOffset(2025, 1, 1, 10, 0, 0, TimeSpan.FromHours(2))); // 08:00Z
        var late = new Vote("a", false, 10, new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero)); // 09:00Z

        VoteTally.Count([late, early]).XpApproving.Should().Be(0);
    }

    [Fact]
    public void VoterIdsAreCaseSensitive() =>
        VoteTally.Count(Votes.Parse("a+10@1 A-10@2")).VotesCast.Should().Be(2);

    [Fact]
    public void XpSumsBeyondIntRangeDoNotOverflow() =>
        VoteTally.Count([Votes.At("a", true, int.MaxValue, 1), Votes.At("b", true, int.MaxValue, 1)])
            .Should().Be(new Tally(100, 2, 2L * int.MaxValue, 2L * int.MaxValue));

    [Fact]
    public void ANullVoteIsRejected() =>
        FluentActions.Invoking(() => VoteTally.Count([Votes.At("a", true, 1, 1), null!]))
            .Should().Throw<ArgumentException>();

    [Theory]
    [InlineData(FeatureStage.Experimental, 2, 100, FeatureStage.Experimental)] // below quorum
    [InlineData(FeatureStage.Experimental, 0, 0, FeatureStage.Experimental)]
    [InlineData(FeatureStage.Experimental, 3, 100, FeatureStage.Foundational)] // exactly the quorum
    [InlineData(FeatureStage.Experimental, 3, 80, FeatureStage.Foundational)]
    [InlineData(FeatureStage.Experimental, 3, 79.99, FeatureStage.Approved)]
    [InlineData(FeatureStage.Experimental, 3, 66, FeatureStage.Approved)]
    [InlineData(FeatureStage.Experimental, 3, 65.99, FeatureStage.Experimental)]
    [InlineData(FeatureStage.Experimental, 50, 0, FeatureStage.Experimental)]
    [InlineData(FeatureStage.Approved, 3, 80, FeatureStage.Foundational)]
    [InlineData(FeatureStage.Foundational, 3, 100, FeatureStage.Foundational)]
    public void TheStageFollowsQuorumAndThresholds(FeatureStage current, int cast, double percent, FeatureStage expected) =>
        VoteTally.StageFor(current, new Tally(percent, cast, 1000, 0), Settings).Should().Be(expected);

    [Theory]
    [InlineData(FeatureStage.Approved, 3, 65.99, FeatureStage.Experimental)]
    [InlineData(FeatureStage.Foundational, 3, 79.99, FeatureStage.Approved)]
    [InlineData(FeatureStage.Foundational, 3, 10, FeatureStage.Experimental)]
    [InlineData(FeatureStage.Foundational, 2, 100, FeatureStage.Experimental)] // the quorum was lost
    [InlineData(FeatureStage.Approved, 2, 100, FeatureStage.Experimental)]
    public void TheStageDropsBackWhenSupportFalls(FeatureStage current, int cast, double percent, FeatureStage expected) =>
        VoteTally.StageFor(current, new Tally(percent, cast, 1000, 0), Settings).Should().Be(expected);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 100)]
    [InlineData(3, 50)]
    [InlineData(3, 66)]
    [InlineData(100, 100)]
    public void ADeprecatedFeatureStaysDeprecatedWhateverTheTally(int cast, double percent) =>
        VoteTally.StageFor(FeatureStage.Deprecated, new Tally(percent, cast, 1000, 0), Settings)
            .Should().Be(FeatureStage.Deprecated);

    [Theory]
    [InlineData("a+100@1 b+0@1 c-0@1", FeatureStage.Foundational)] // zero-XP votes make up the quorum
    [InlineData("a+100@1 b-0@1", FeatureStage.Experimental)] // two votes are below the quorum of three
    [InlineData("a+0@1 b+0@1 c+0@1", FeatureStage.Experimental)] // quorum met, but no XP cast means 0 %
    [InlineData("a+6600@1 b-3400@1 c+0@1", FeatureStage.Approved)] // 66.00 %
    [InlineData("a+6599@1 b-3401@1 c+0@1", FeatureStage.Experimental)] // 65.99 %
    [InlineData("a+13199@1 b-6801@1 c+0@1", FeatureStage.Approved)] // 65.995 % shows as 66.00 % and is judged so
    [InlineData("a+8000@1 b-2000@1 c-0@1", FeatureStage.Foundational)] // 80.00 %
    [InlineData("a+7999@1 b-2001@1 c-0@1", FeatureStage.Approved)] // 79.99 %
    [InlineData("a+1@1 b+1@1 c+1@1 a-1@2", FeatureStage.Approved)] // a's re-vote leaves 66.67 %
    [InlineData("a+1@1 b+1@1 c+1@1 a-1@2 b-1@3", FeatureStage.Experimental)] // 33.33 %
    public void VotesToStage(string votes, FeatureStage expected) =>
        VoteTally.StageFor(FeatureStage.Experimental, VoteTally.Count(Votes.Parse(votes)), Settings).Should().Be(expected);

    [Fact]
    public void ASettingsQuorumOfZeroStillNeedsTheApprovalPercent() =>
        VoteTally.StageFor(FeatureStage.Experimental, Tally.Empty, new GovernanceSettings(0, 66, 80))
            .Should().Be(FeatureStage.Experimental);
}
