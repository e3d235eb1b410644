using DashboardFactory.Cockpits;
using DashboardFactory.Previews;

namespace DashboardFactory.UnitTests.Previews;

public sealed class ReleaseMergeTests
{
    private static readonly FeatureRelease Release =
        new("f", "1.1.0", ChangeType.Reviewed, new WidgetRelease("t", "New title", 2, 2, "<p>a</p>\n", "", "{}"), InjectionMode.Append, null);

    private static Dictionary<string, InstalledFeature> Installed(string? version) =>
        version is null ? [] : new() { ["f"] = new InstalledFeature(version, DateTimeOffset.UnixEpoch) };

    [Fact]
    public void ARolloutSkipsAMissingCockpitAPolicyThatRefusesAndAnInstalledOrNewerVersion()
    {
        ReleaseMerge.Skip("c1", false, AutoUpdatePolicy.Default, Installed(null), Release, true)!.Key.Should().Be(SkipReasons.Missing);
        ReleaseMerge.Skip("c1", false, AutoUpdatePolicy.Default, Installed(null), Release, true)!.Code.Should().Be(UpdateCode.CockpitMissing);
        var policy = ReleaseMerge.Skip("c1", true, new AutoUpdatePolicy(true, ChangeType.Safe), Installed(null), Release, true);
        policy.Should().Be(new RolloutSkip(UpdateCode.PolicyRefuses, ReleaseMerge.PolicyReason));
        policy!.Key.Should().Be(SkipReasons.Policy);
        var same = ReleaseMerge.Skip("c1", true, AutoUpdatePolicy.Default, Installed("1.1.0"), Release, true);
        same.Should().Be(new RolloutSkip(UpdateCode.AlreadyInstalled, "f 1.1.0 is already installed."));
        same!.Key.Should().Be(SkipReasons.Installed);
        var newer = ReleaseMerge.Skip("c1", true, AutoUpdatePolicy.Default, Installed("2.0.0"), Release, true);
        newer.Should().Be(new RolloutSkip(UpdateCode.NewerInstalled, "f 2.0.0 is newer."));
        newer!.Key.Should().Be(SkipReasons.Installed);
        ReleaseMerge.Skip("c1", true, AutoUpdatePolicy.Default, Installed("1.0.0"), Release, true).Should().BeNull();
    }

    [Fact]
    public void ADirectApplyDoesNotAskThePolicy() =>
        ReleaseMerge.Skip("c1", true, new AutoUpdatePolicy(false, ChangeType.Safe), Installed(null), Release, checkPolicy: false).Should().BeNull();

    [Fact]
    public void TheMergeKeepsTheOperatorsTitleAndReportsTheConflictWithoutTouchingItsInputs()
    {
        var v1 = Release with { Version = "1.0.0", Widget = Release.Widget with { Title = "Old title" } };
        var pristine = ReleaseApplier.Apply(v1, CockpitDocument.Empty("Floor"), CockpitDocument.Empty("Floor"));
        var current = (System.Text.Json.Nodes.JsonObject)pristine.DeepClone();
        current["widgets"]!["f"]!["title"] = "Mine";
        var (pristineJson, currentJson) = (pristine.ToJsonString(), current.ToJsonString());

        var (newPristine, merge) = ReleaseMerge.Merge(Release, pristineJson, currentJson);

        merge.Conflicts.Select(c => c.Path).Should().Equal("$.widgets.f.title");
        merge.Merged!["widgets"]!["f"]!["title"]!.GetValue<string>().Should().Be("Mine");
        newPristine["widgets"]!["f"]!["title"]!.GetValue<string>().Should().Be("New title");
    }
}
