using DashboardFactory.Cockpits;
using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

public sealed class ReleaseRoutingTests
{
    private const string Guide = "Rename config key 'kpi' to 'metric'.";

    [Theory]
    [InlineData(FeatureStage.Experimental, false)]
    [InlineData(FeatureStage.Approved, true)]
    [InlineData(FeatureStage.Foundational, true)]
    [InlineData(FeatureStage.Deprecated, false)]
    public void ASafeReleasePropagatesAtOnceFromAnApprovedOrFoundationalFeatureOnly(FeatureStage stage, bool expected) =>
        ReleaseRouting.MayPropagate(stage, Releases.Record(Releases.Spec("1.0.1"), null), "1.0.0").Should().Be(expected);

    [Theory]
    [InlineData(FeatureStage.Approved, null, false)]
    [InlineData(FeatureStage.Approved, "", false)]
    [InlineData(FeatureStage.Approved, "  ", false)]
    [InlineData(FeatureStage.Approved, "admin-1", true)]
    [InlineData(FeatureStage.Foundational, "admin-1", true)]
    [InlineData(FeatureStage.Experimental, "admin-1", false)]
    [InlineData(FeatureStage.Deprecated, "admin-1", false)]
    public void AReviewedReleaseWaitsForAnAdmin(FeatureStage stage, string? approvedBy, bool expected) =>
        ReleaseRouting.MayPropagate(stage, Releases.Record(Releases.Spec("1.1.0", ChangeType.Reviewed), approvedBy), "1.0.0")
            .Should().Be(expected);

    [Theory]
    [InlineData(FeatureStage.Approved, "admin-1", "2.0.0", "1.3.0", Guide, true)]
    [InlineData(FeatureStage.Foundational, "admin-1", "3.0.0", "1.3.0", Guide, true)]
    [InlineData(FeatureStage.Approved, "admin-1", "0.1.0", null, Guide, true)] // a first release has nothing to bump over
    [InlineData(FeatureStage.Approved, null, "2.0.0", "1.3.0", Guide, false)]
    [InlineData(FeatureStage.Approved, " ", "2.0.0", "1.3.0", Guide, false)]
    [InlineData(FeatureStage.Approved, "admin-1", "1.4.0", "1.3.0", Guide, false)]
    [InlineData(FeatureStage.Approved, "admin-1", "1.3.0", "1.3.0", Guide, false)]
    [InlineData(FeatureStage.Approved, "admin-1", "1.0.0", "2.0.0", Guide, false)]
    [InlineData(FeatureStage.Approved, "admin-1", "2.0.0", "1.3.0", null, false)]
    [InlineData(FeatureStage.Approved, "admin-1", "2.0.0", "1.3.0", "", false)]
    [InlineData(FeatureStage.Approved, "admin-1", "2.0.0", "1.3.0", " \n", false)]
    [InlineData(FeatureStage.Experimental, "admin-1", "2.0.0", "1.3.0", Guide, false)]
    [InlineData(FeatureStage.Deprecated, "admin-1", "2.0.0", "1.3.0", Guide, false)]
    [InlineData(FeatureStage.Approved, "admin-1", "2.0", "1.3.0", Guide, false)] // unverifiable, so not propagated
    [InlineData(FeatureStage.Approved, "admin-1", "2.0.0", "1.3", Guide, false)]
    public void ABreakingReleaseNeedsAnAdminAMajorBumpAndAMigrationGuide(
        FeatureStage stage, string? approvedBy, string version, string? previous, string? guide, bool expected) =>
        ReleaseRouting.MayPropagate(stage, Releases.Record(Releases.Spec(version, ChangeType.Breaking, guide), approvedBy), previous)
            .Should().Be(expected);

    [Fact]
    public void AnUnknownChangeTypeNeverPropagates() =>
        ReleaseRouting.MayPropagate(FeatureStage.Foundational, Releases.Record(Releases.Spec("9.0.0", (ChangeType)7, Guide), "admin-1"), null)
            .Should().BeFalse();

    [Theory]
    [InlineData(ChangeType.Safe, false)]
    [InlineData(ChangeType.Reviewed, true)]
    [InlineData(ChangeType.Breaking, true)]
    [InlineData((ChangeType)7, true)]
    public void EverythingButASafeChangeNeedsAnAdmin(ChangeType change, bool expected) =>
        ReleaseRouting.NeedsAdminApproval(change).Should().Be(expected);

    [Theory]
    [InlineData(true, ChangeType.Safe, ChangeType.Safe, true)]
    [InlineData(true, ChangeType.Safe, ChangeType.Reviewed, false)]
    [InlineData(true, ChangeType.Safe, ChangeType.Breaking, false)]
    [InlineData(true, ChangeType.Reviewed, ChangeType.Safe, true)]
    [InlineData(true, ChangeType.Reviewed, ChangeType.Reviewed, true)]
    [InlineData(true, ChangeType.Reviewed, ChangeType.Breaking, false)]
    [InlineData(true, ChangeType.Breaking, ChangeType.Safe, true)]
    [InlineData(true, ChangeType.Breaking, ChangeType.Reviewed, true)]
    [InlineData(true, ChangeType.Breaking, ChangeType.Breaking, true)]
    [InlineData(false, ChangeType.Breaking, ChangeType.Safe, false)]
    [InlineData(false, ChangeType.Breaking, ChangeType.Breaking, false)]
    [InlineData(true, ChangeType.Breaking, (ChangeType)7, false)]
    public void AReleaseReachesACockpitOnlyAsFarAsItsPolicyAllows(bool enabled, ChangeType max, ChangeType change, bool expected) =>
        ReleaseRouting.ReachesCockpit(change, new AutoUpdatePolicy(enabled, max)).Should().Be(expected);

    [Fact]
    public void TheDefaultPolicyKeepsBreakingReleasesOut()
    {
        ReleaseRouting.ReachesCockpit(ChangeType.Reviewed, AutoUpdatePolicy.Default).Should().BeTrue();
        ReleaseRouting.ReachesCockpit(ChangeType.Breaking, AutoUpdatePolicy.Default).Should().BeFalse();
    }
}
