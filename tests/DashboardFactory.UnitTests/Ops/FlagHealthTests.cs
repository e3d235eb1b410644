using DashboardFactory.Campaigns;
using DashboardFactory.Features;
using DashboardFactory.Ops;

namespace DashboardFactory.UnitTests.Ops;

public sealed class FlagHealthTests
{
    private static readonly Dictionary<string, bool> FreshKpis = new(StringComparer.Ordinal) { ["otd"] = false, ["late"] = true };

    private static FeatureSummary Flag(
        string id, FeatureStage stage = FeatureStage.Approved, string[]? dependencies = null, string? owner = "ops-pod", bool ownerAssigned = true,
        string? pending = null, string[]? kpis = null, string? notice = null) =>
        new(id, id, stage, "author-1", dependencies ?? [], "1.0.0", null, owner, [], pending, kpis ?? ["otd"], notice, ownerAssigned);

    private static CampaignView Campaign(string featureId, CampaignStatus status, string? haltReason = null) =>
        new($"{featureId}-v1.0.0", featureId, "1.0.0", status, 10, 4, 0, 6, 0, 0, false, DateTimeOffset.UnixEpoch, null, haltReason, new Dictionary<string, string>());

    private static IReadOnlyDictionary<string, FlagVerdict> Judge(params FlagFacts[] flags) => FlagHealth.Evaluate(flags, FreshKpis);

    [Fact]
    public void AnOwnedFlagWithNothingPendingAndFreshKpisIsHealthy() =>
        Judge(new FlagFacts(Flag("a"), Campaign("a", CampaignStatus.Completed)))["a"].Should().BeEquivalentTo(new FlagVerdict(FlagHealthLevel.Healthy, []), o => o.WithStrictOrdering());

    [Fact]
    public void ADeprecatedDependencyBlocksItsDependentsAndTheirDependentsInTurn()
    {
        var verdicts = Judge(
            new FlagFacts(Flag("base", FeatureStage.Deprecated, notice: "leaks"), null),
            new FlagFacts(Flag("mid", dependencies: ["base"]), null),
            new FlagFacts(Flag("top", dependencies: ["mid"]), null));

        verdicts["mid"].Health.Should().Be(FlagHealthLevel.Blocked);
        verdicts["mid"].Reasons.Should().Equal("depends on base, which is deprecated: leaks");
        verdicts["top"].Health.Should().Be(FlagHealthLevel.Blocked);
        verdicts["top"].Reasons.Should().Equal("depends on mid, which is blocked");
        verdicts["base"].Should().BeEquivalentTo(new FlagVerdict(FlagHealthLevel.Warning, ["is deprecated: leaks"]), o => o.WithStrictOrdering());
    }

    [Fact]
    public void AMissingDependencyAndAHaltedCampaignBlock()
    {
        var verdicts = Judge(
            new FlagFacts(Flag("a", dependencies: ["ghost"]), null),
            new FlagFacts(Flag("b"), Campaign("b", CampaignStatus.Halted, "Wave 1 failed on 6 of 10 cockpits.")));

        verdicts["a"].Should().BeEquivalentTo(new FlagVerdict(FlagHealthLevel.Blocked, ["depends on ghost, which does not exist"]), o => o.WithStrictOrdering());
        verdicts["b"].Should().BeEquivalentTo(new FlagVerdict(FlagHealthLevel.Blocked, ["campaign b-v1.0.0 halted: Wave 1 failed on 6 of 10 cockpits."]), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(null, true, "has no owner")]
    [InlineData("  ", true, "has no owner")]
    public void AFlagNobodyOwnsIsAWarning(string? owner, bool assigned, string reason) =>
        Judge(new FlagFacts(Flag("a", owner: owner, ownerAssigned: assigned), null))["a"].Should().BeEquivalentTo(new FlagVerdict(FlagHealthLevel.Warning, [reason]), o => o.WithStrictOrdering());

    [Fact]
    public void ASummaryStoredBeforeOwnersExistedIsOwnedByItsAuthor() =>
        Judge(new FlagFacts(Flag("a", owner: null, ownerAssigned: false), null))["a"].Health.Should().Be(FlagHealthLevel.Healthy);

    [Fact]
    public void APendingApprovalAStaleKpiAndAKpiWithoutDataAreWarningsListedTogether() =>
        Judge(new FlagFacts(Flag("a", pending: "1.1.0", kpis: ["late", "nothing"]), null))["a"].Should().BeEquivalentTo(new FlagVerdict(
            FlagHealthLevel.Warning,
            ["release 1.1.0 waits for an admin's approval", "its widget shows KPI late, which is stale", "its widget shows KPI nothing, which has no data"]), o => o.WithStrictOrdering());

    [Fact]
    public void BlockingReasonsComeBeforeWarnings() =>
        Judge(new FlagFacts(Flag("a", dependencies: ["ghost"], owner: null), null))["a"].Reasons
            .Should().Equal("depends on ghost, which does not exist", "has no owner");

    [Fact]
    public void ACycleInStoredDataEndsInsteadOfRecursingForever()
    {
        var verdicts = Judge(new FlagFacts(Flag("a", dependencies: ["b"]), null), new FlagFacts(Flag("b", dependencies: ["a"]), null));

        verdicts.Should().HaveCount(2);
    }

    [Fact]
    public void DependentsAreTheReverseEdgesInIdOrder() =>
        FlagHealth.Dependents([Flag("z", dependencies: ["a"]), Flag("b", dependencies: ["a", "c"]), Flag("a")])
            .Should().BeEquivalentTo(new Dictionary<string, string[]> { ["a"] = ["b", "z"], ["c"] = ["b"] }, o => o.WithStrictOrdering());
}
